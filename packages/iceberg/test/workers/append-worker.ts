/**
 * A separate writer process for the concurrency and crash tests.
 * argv: <json {uri, warehouse, catalog, table, writer, appends, rows}>
 * Prints `ready`, then `committed <snapshotId> <firstId>` after each successful append, then `done <json>`.
 */

import { parseTableIdentifier } from '../../src/catalog/catalog.js';
import { createSqlCatalog } from '../../src/catalog/sql/index.js';
import { Table } from '../../src/table.js';

const args = JSON.parse(process.argv[2]!) as {
  uri: string;
  warehouse: string;
  catalog: string;
  table: string;
  writer: number;
  appends: number;
  rows: number;
};
const catalog = createSqlCatalog({ name: args.catalog, uri: args.uri, warehouse: args.warehouse });
let table = await Table.load(catalog, parseTableIdentifier(args.table));
process.stdout.write('ready\n');
const started = Date.now();
for (let i = 0; i < args.appends; i++) {
  const first = args.writer * 1_000_000 + i * args.rows;
  table = await table.append({
    sql: `SELECT (${first} + i)::BIGINT AS id, ${args.writer}::INTEGER AS writer, ${i}::INTEGER AS seq FROM range(${args.rows}) t(i)`,
  });
  process.stdout.write(`committed ${table.currentSnapshot()!.snapshotId} ${first}\n`);
}
process.stdout.write(`done ${JSON.stringify({ ms: Date.now() - started })}\n`);
await catalog.close();
