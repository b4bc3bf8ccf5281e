import type { DuckDBConnection } from '@duckdb/node-api';
import { withConnection } from '../duckdb/session.js';
import { quoteIdent } from '../duckdb/types.js';
import type { Table } from '../table.js';
import type { Expression } from './expression.js';
import { planToSql, prepareScanStorage } from './sql.js';
import type { TableScan } from './table-scan.js';

export interface ReadOptions {
  filter?: Expression;
  columns?: string[];
  snapshotId?: bigint | number | string;
  /** Time travel: the snapshot current at this time. */
  asOf?: Date | number;
}

function buildScan(table: Table, options: ReadOptions): TableScan {
  let scan = table.scan();
  if (options.filter) scan = scan.filter(options.filter);
  if (options.columns) scan = scan.select(...options.columns);
  if (options.snapshotId !== undefined) scan = scan.snapshot(options.snapshotId);
  if (options.asOf !== undefined) scan = scan.asOf(options.asOf);
  return scan;
}

/**
 * The DuckDB SELECT that reads a table (after planning files from its manifests). With a connection, that connection
 * is also prepared to read the files (object-storage extensions and secrets).
 */
export async function scanSql(table: Table, options: ReadOptions = {}, connection?: DuckDBConnection): Promise<string> {
  const plan = await buildScan(table, options).planFiles();
  if (connection) await prepareScanStorage(connection, plan, table.io);
  return planToSql(plan, table.io);
}

/** Reads a table's rows through DuckDB (values converted to plain JS: bigint, Date, string...). */
export async function readRows(
  table: Table,
  options: ReadOptions & { connection?: DuckDBConnection } = {},
): Promise<Record<string, unknown>[]> {
  const run = async (c: DuckDBConnection) =>
    (await c.runAndReadAll(await scanSql(table, options, c))).getRowObjectsJS() as Record<string, unknown>[];
  return options.connection ? run(options.connection) : withConnection(run);
}

/**
 * Creates (or replaces) a DuckDB view `viewName` on `connection` that reads the table's current
 * snapshot (or the one chosen in `options`) through Iceberg scan planning. The file list is fixed
 * when the view is created: call again after new commits to see them. `viewName` may be qualified
 * (`schema.view`); each part is quoted. Returns the SQL of the view.
 */
export async function registerDuckDBView(
  connection: DuckDBConnection,
  table: Table,
  viewName: string,
  options: ReadOptions & { temporary?: boolean } = {},
): Promise<string> {
  const sql = await scanSql(table, options, connection);
  const name = viewName.split('.').map(quoteIdent).join('.');
  await connection.run(`CREATE OR REPLACE ${options.temporary ? 'TEMP ' : ''}VIEW ${name} AS ${sql}`);
  return sql;
}
