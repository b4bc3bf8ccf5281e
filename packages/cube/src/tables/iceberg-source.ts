import type { DuckDBConnection } from '@duckdb/node-api';
import { type Catalog, type LoadedTable, type Namespace, registerDuckDBView, Table } from '@floe/iceberg';
import type { TableSource, TableState } from './source.js';

export interface IcebergTableSourceOptions {
  readonly catalog: Catalog;
  /**
   * Layers Cube reads, by the schema name the Cube model uses: `{ gold: ['gold'], silver: ['silver'] }` exposes every
   * table of Iceberg namespace `gold` as the DuckDB view `gold.<table>`, whatever the platform calls the namespace.
   */
  readonly layers: Readonly<Record<string, Namespace>>;
  /** Close the catalog when Cube stops. Default false (the caller owns it). */
  readonly closeCatalog?: boolean;
}

/**
 * Gold (and silver) Iceberg tables for Cube, through floe's scan planning: `list` reads the catalog's current
 * metadata of each table; `register` plans the current snapshot's data files and creates the view over them
 * (`registerDuckDBView` from @floe/iceberg). Data files are never globbed.
 */
export class IcebergTableSource implements TableSource {
  readonly kind = 'iceberg';
  readonly #options: IcebergTableSourceOptions;
  readonly #loaded = new Map<string, LoadedTable>();

  constructor(options: IcebergTableSourceOptions) {
    this.#options = options;
  }

  async list(): Promise<readonly TableState[]> {
    const { catalog, layers } = this.#options;
    const states: TableState[] = [];
    for (const [schema, namespace] of Object.entries(layers)) {
      if (!(await catalog.namespaceExists(namespace))) continue;
      for (const identifier of await catalog.listTables(namespace)) {
        const loaded = await catalog.loadTable(identifier);
        const name = `${schema}.${identifier.name}`;
        this.#loaded.set(name, loaded);
        const snapshotId = loaded.metadata.currentSnapshotId;
        states.push({ name, snapshotId: snapshotId === undefined ? null : String(snapshotId) });
      }
    }
    return states;
  }

  async register(connection: DuckDBConnection, table: TableState): Promise<void> {
    const loaded = this.#loaded.get(table.name);
    if (!loaded) return;
    await registerDuckDBView(connection, new Table(this.#options.catalog, loaded), table.name);
  }

  async close(): Promise<void> {
    if (this.#options.closeCatalog) await this.#options.catalog.close();
  }
}
