import type { CompiledArtifacts, LayerName } from '@floe/core';
import { type Catalog, formatTableIdentifier, Table } from '@floe/iceberg';

export type LayerRows = Record<LayerName, Record<string, number>>;

/** Namespace of a layer as an Iceberg namespace (`a.b` → ['a', 'b']). */
export function layerNamespace(artifacts: CompiledArtifacts, layer: LayerName): string[] {
  return artifacts.layers[layer].namespace.split('.');
}

/** Rows of the current snapshot of a table (from the snapshot summary; 0 for a table without snapshots). */
export function currentRows(table: Table): number {
  const total = table.currentSnapshot()?.summary['total-records'];
  return total === undefined ? 0 : Number(total);
}

/** Row counts of every table in every layer (a layer whose namespace does not exist yet is empty). */
export async function layerRows(artifacts: CompiledArtifacts, catalog: Catalog): Promise<LayerRows> {
  const result: LayerRows = { bronze: {}, silver: {}, gold: {} };
  for (const layer of ['bronze', 'silver', 'gold'] as const) {
    const namespace = layerNamespace(artifacts, layer);
    if (!(await catalog.namespaceExists(namespace))) continue;
    const identifiers = await catalog.listTables(namespace);
    identifiers.sort((a, b) => formatTableIdentifier(a).localeCompare(formatTableIdentifier(b)));
    for (const identifier of identifiers) {
      result[layer][identifier.name] = currentRows(await Table.load(catalog, identifier));
    }
  }
  return result;
}
