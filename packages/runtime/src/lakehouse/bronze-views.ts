import type { LoadedProject } from '@floe/core';
import { type Catalog, registerDuckDBView, Table } from '@floe/iceberg';
import { layerNamespace } from './layers.js';
import { withWarehouse } from './warehouse.js';

export interface ExposedView {
  view: string;
  table: string;
  snapshot_id: string | null;
  rows: number;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Exposes the current snapshot of every bronze Iceberg table as a DuckDB view `<namespace>.<table>` in the dbt
 * warehouse, through floe's scan planning (the view lists the snapshot's data files with field-id mapping; data
 * files are never globbed). Run before every dbt build so dbt sees the newest snapshots.
 */
export async function exposeBronzeViews(loaded: LoadedProject, catalog: Catalog): Promise<ExposedView[]> {
  const namespace = layerNamespace(loaded.artifacts, 'bronze');
  const schema = namespace.join('_');
  const tables = (await catalog.namespaceExists(namespace)) ? await catalog.listTables(namespace) : [];
  const loadedTables = await Promise.all(tables.map((identifier) => Table.load(catalog, identifier)));
  return withWarehouse(loaded, 'write', async (connection) => {
    await connection.run(`CREATE SCHEMA IF NOT EXISTS ${quote(schema)}`);
    const exposed: ExposedView[] = [];
    for (const table of loadedTables) {
      const view = `${schema}.${table.identifier.name}`;
      await registerDuckDBView(connection, table, view);
      const snapshot = table.currentSnapshot();
      const total = snapshot?.summary['total-records'];
      exposed.push({
        view,
        table: `${namespace.join('.')}.${table.identifier.name}`,
        snapshot_id: snapshot ? String(snapshot.snapshotId) : null,
        rows: total === undefined ? 0 : Number(total),
      });
    }
    return exposed;
  });
}
