import type { MetadataValue } from './protocol.js';

/** One table a floe command wrote, as found in its --json output. */
export interface TableResult {
  /** Table name as printed (`raw_orders`, `gold.fct_orders`, `orders`). */
  table: string;
  metadata: Record<string, MetadataValue>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function scalarMetadata(entry: Record<string, unknown>): Record<string, MetadataValue> {
  const metadata: Record<string, MetadataValue> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (typeof value === 'number' || typeof value === 'boolean' || value === null) metadata[key] = value;
    else if (typeof value === 'string') metadata[key] = value;
    else if (typeof value === 'bigint') metadata[key] = value.toString();
  }
  return metadata;
}

const nameOf = (entry: Record<string, unknown>): string | undefined => {
  for (const key of ['identifier', 'table', 'name']) {
    const value = entry[key];
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
};

/**
 * Finds the per-table entries of a floe --json document: `{"tables": [{table, rows, snapshot_id, ...}]}` or
 * `{"tables": {NAME: {rows, ...}}}` (also under `results`). Scalar fields become metadata; nested ones are dropped.
 */
export function tableResults(document: unknown): TableResult[] {
  if (!isRecord(document)) return [];
  const container = document.tables ?? document.results;
  if (Array.isArray(container)) {
    return container.filter(isRecord).flatMap((entry) => {
      const table = nameOf(entry);
      return table ? [{ table, metadata: scalarMetadata(entry) }] : [];
    });
  }
  if (isRecord(container)) {
    return Object.entries(container).flatMap(([table, entry]) =>
      isRecord(entry) ? [{ table, metadata: scalarMetadata(entry) }] : [],
    );
  }
  return [];
}

/** Matches a printed table name to one of the asset keys Dagster expects (`bronze/raw_orders`). */
export function matchAssetKey(table: string, assetKeys: readonly string[]): string | undefined {
  const parts = table.split('.');
  const bare = parts[parts.length - 1] ?? table;
  const candidates = [table.replaceAll('.', '/'), bare, `raw_${bare}`];
  for (const candidate of candidates) {
    const hit = assetKeys.find((key) => key === candidate || key.endsWith(`/${candidate}`));
    if (hit) return hit;
  }
  return undefined;
}
