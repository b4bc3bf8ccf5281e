import type { DuckDBConnection } from '@duckdb/node-api';

/** A table Cube can read, named `<namespace>.<table>` (the name the Cube model uses), at its current snapshot. */
export interface TableState {
  readonly name: string;
  /** Identifies the table's current contents (an Iceberg snapshot id); null for a table without data yet. */
  readonly snapshotId: string | null;
}

/**
 * Where Cube's DuckDB gets the gold tables from. `list` must be cheap (catalog pointers, no scan planning): floe calls
 * it before queries to notice new snapshots. `register` plans a scan of the table's current snapshot and (re)creates
 * the view `name` on the connection.
 */
export interface TableSource {
  readonly kind: string;
  list(): Promise<readonly TableState[]>;
  register(connection: DuckDBConnection, table: TableState): Promise<void>;
  /**
   * Cube's readiness (`/readyz`): a round trip to wherever the tables come from (the catalog, and the storage their
   * files live in), now, changing nothing `register` uses. Throws when they do not answer. Without it, `list` is
   * called instead.
   */
  check?(): Promise<void>;
  close?(): Promise<void>;
}

/** `gold.fct_orders` → `"gold"."fct_orders"`; rejects anything but two plain identifiers. */
export function quoteTableName(name: string): { schema: string; table: string; sql: string } {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(name);
  if (!match) throw new Error(`table name ${JSON.stringify(name)} is not <namespace>.<table>`);
  const [, schema, table] = match as unknown as [string, string, string];
  return { schema, table, sql: `"${schema}"."${table}"` };
}

export const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;
