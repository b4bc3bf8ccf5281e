import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  type Catalog,
  type ColumnDefinition,
  SqlCatalog,
  SqliteDriver,
  schemaFromColumns,
  Table,
  tableIdentifier,
} from '@floe/iceberg';
import { startCube } from '../src/server.js';
import { IcebergTableSource } from '../src/tables/iceberg-source.js';
import type { ContractFixture } from './contract.js';
import { DEMO_MODEL } from './fixture.js';
import { directQuery, GOLD_TABLES, type GoldTable, writeGold } from './gold-fixture.js';

const s = (name: string): ColumnDefinition => ({ name, type: 'string' });
const money = (name: string): ColumnDefinition => ({ name, type: 'decimal(18, 2)' });

const SCHEMAS: Record<GoldTable, ColumnDefinition[]> = {
  'gold.fct_orders': [
    s('order_id'),
    s('customer_id'),
    { name: 'ordered_at', type: 'timestamp' },
    { name: 'order_date', type: 'date' },
    s('region'),
    s('channel'),
    s('status'),
    { name: 'is_late', type: 'boolean' },
    { name: 'is_revenue', type: 'boolean' },
    { name: 'item_count', type: 'int' },
    { name: 'units', type: 'long' },
    money('order_total'),
  ],
  'gold.fct_order_items': [
    s('order_item_id'),
    s('order_id'),
    s('product_id'),
    s('customer_id'),
    { name: 'ordered_at', type: 'timestamp' },
    { name: 'order_date', type: 'date' },
    s('status'),
    { name: 'is_revenue', type: 'boolean' },
    { name: 'quantity', type: 'int' },
    money('unit_price'),
    money('discount'),
    money('line_amount'),
  ],
  'gold.dim_customers': [
    s('customer_id'),
    s('customer_name'),
    s('email'),
    { name: 'has_email', type: 'boolean' },
    s('region'),
    { name: 'signed_up_at', type: 'timestamp' },
  ],
  'gold.dim_products': [s('product_id'), s('product_name'), s('category'), money('list_price')],
  'gold.mart_revenue': [
    { name: 'order_date', type: 'date' },
    s('region'),
    s('channel'),
    s('status'),
    { name: 'order_count', type: 'long' },
    { name: 'item_count', type: 'long' },
    { name: 'units', type: 'long' },
    money('gross_amount'),
    money('revenue'),
    { name: 'late_order_count', type: 'long' },
  ],
};

/** Creates the gold tables in `namespace` and returns a function that publishes a full snapshot of each (overwrite). */
export async function goldIcebergTables(
  catalog: Catalog,
  namespace: string[],
  stagingDir: string,
): Promise<
  (version: number, ranges: readonly { orders: number; offset: number }[]) => Promise<Record<GoldTable, string[]>>
> {
  if (!(await catalog.namespaceExists(namespace))) await catalog.createNamespace(namespace);
  const tables = new Map<GoldTable, Table>();
  for (const name of GOLD_TABLES) {
    const identifier = tableIdentifier(namespace, name.split('.')[1] as string);
    tables.set(
      name,
      new Table(catalog, await catalog.createTable(identifier, { schema: schemaFromColumns(SCHEMAS[name]) })),
    );
  }
  return async (version, ranges) => {
    const written = await writeGold(stagingDir, `v${version}`, ranges);
    for (const name of GOLD_TABLES) {
      const columns = SCHEMAS[name].map((c) => `"${c.name}"`).join(', ');
      const table = tables.get(name)!;
      tables.set(name, await table.overwrite({ sql: `SELECT ${columns} FROM read_parquet('${written[name][0]}')` }));
    }
    return written;
  };
}

/**
 * Cube over gold tables that are real Iceberg tables in a SQL catalog (SQLite), read through @floe/iceberg's scan
 * planning; each `grow` overwrites every table with a new snapshot, as `floe publish` does.
 */
export async function icebergFixture(): Promise<ContractFixture> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'floe-cube-iceberg-'));
  const catalog = new SqlCatalog({
    name: 'floe',
    driver: new SqliteDriver(path.join(dir, 'catalog.db')),
    warehouse: path.join(dir, 'warehouse'),
  });
  const ranges = [{ orders: 3000, offset: 0 }];
  const publishVersion = await goldIcebergTables(catalog, ['analytics'], path.join(dir, 'staging'));
  const publish = (version: number) => publishVersion(version, ranges);
  let files = await publish(1);
  // The Cube model names the layer (`gold.*`); the platform's namespace here is `analytics`.
  const source = new IcebergTableSource({ catalog, layers: { gold: ['analytics'] }, closeCatalog: true });
  const cube = await startCube({ modelDir: DEMO_MODEL, port: 0, tables: source, tableCheckIntervalMs: 200 });
  let version = 1;
  return {
    cube,
    files: () => files,
    async grow() {
      version += 1;
      ranges.push({ orders: 500, offset: 1_000_000 * version });
      files = await publish(version);
      return files;
    },
    direct: (f: Record<GoldTable, string[]>, sql: string) => directQuery(f, sql),
    async close() {
      await cube.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
