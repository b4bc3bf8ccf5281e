import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ParquetTableSource } from '../src/tables/parquet-source.js';

/** The gold tables the demo model reads, written as Parquet files: deterministic synthetic data for tests. */
export const GOLD_TABLES = [
  'gold.fct_orders',
  'gold.fct_order_items',
  'gold.dim_customers',
  'gold.dim_products',
  'gold.mart_revenue',
] as const;
export type GoldTable = (typeof GOLD_TABLES)[number];

const ORDERS = (orders: number, offset: number) => `
  SELECT
    'o' || i AS order_id,
    'c' || (h(i) % 200) AS customer_id,
    TIMESTAMP '2026-01-01' + to_minutes(CAST((h(i * 3) % (60 * 24 * 120)) AS BIGINT)) AS ordered_at,
    CAST(TIMESTAMP '2026-01-01' + to_minutes(CAST((h(i * 3) % (60 * 24 * 120)) AS BIGINT)) AS DATE) AS order_date,
    ['north', 'south', 'east', 'west'][1 + h(i * 5) % 4] AS region,
    ['web', 'mobile', 'store'][1 + h(i * 7) % 3] AS channel,
    ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'returned'][1 + h(i * 11) % 6] AS status,
    h(i * 13) % 17 = 0 AS is_late,
    CAST(1 + h(i * 17) % 4 AS INTEGER) AS item_count
  FROM range(${offset}, ${offset + orders}) t(i)`;

/** Write snapshot `version` of every gold table with `orders` orders (ids from `offset`) into `dir`. */
export async function writeGold(
  dir: string,
  version: string,
  ranges: readonly { orders: number; offset: number }[],
): Promise<Record<GoldTable, string[]>> {
  const out = path.join(dir, version);
  await mkdir(out, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    await db.run('CREATE MACRO h(x) AS CAST(hash(x) % 1000000007 AS BIGINT)');
    const union = ranges.map((r) => ORDERS(r.orders, r.offset)).join(' UNION ALL ');
    await db.run(`CREATE TABLE base AS ${union}`);
    await db.run(`
      CREATE TABLE fct_order_items AS
      SELECT o.order_id || '-' || n AS order_item_id, o.order_id, 'p' || (h(o.order_id || n) % 50) AS product_id,
             o.customer_id, o.ordered_at, o.order_date, o.status, o.status NOT IN ('cancelled', 'returned') AS is_revenue,
             CAST(1 + h(o.order_id || n || 'q') % 3 AS INTEGER) AS quantity,
             CAST(5 + (h(o.order_id || n || 'p') % 9500) / 100.0 AS DECIMAL(18, 2)) AS unit_price,
             CAST(0 AS DECIMAL(18, 2)) AS discount
      FROM base o, range(1, o.item_count + 1) r(n)`);
    await db.run(`ALTER TABLE fct_order_items ADD COLUMN line_amount DECIMAL(18, 2)`);
    await db.run(`UPDATE fct_order_items SET line_amount = quantity * unit_price - discount`);
    await db.run(`
      CREATE TABLE fct_orders AS
      SELECT b.order_id, b.customer_id, b.ordered_at, b.order_date, b.region, b.channel, b.status, b.is_late,
             b.status NOT IN ('cancelled', 'returned') AS is_revenue, b.item_count,
             CAST(coalesce(sum(i.quantity), 0) AS BIGINT) AS units,
             CAST(coalesce(sum(i.line_amount), 0) AS DECIMAL(18, 2)) AS order_total
      FROM base b LEFT JOIN fct_order_items i USING (order_id)
      GROUP BY ALL`);
    await db.run(`
      CREATE TABLE dim_customers AS
      SELECT 'c' || i AS customer_id, 'Customer ' || i AS customer_name,
             CASE WHEN i % 5 = 0 THEN NULL ELSE 'c' || i || '@example.invalid' END AS email, i % 5 <> 0 AS has_email,
             ['north', 'south', 'east', 'west'][1 + i % 4] AS region, TIMESTAMP '2025-01-01' + to_days(i) AS signed_up_at
      FROM range(0, 200) t(i)`);
    await db.run(`
      CREATE TABLE dim_products AS
      SELECT 'p' || i AS product_id, 'Product ' || i AS product_name, ['books', 'toys', 'garden', 'tools', 'food'][1 + i % 5] AS category,
             CAST(1 + i * 1.25 AS DECIMAL(18, 2)) AS list_price
      FROM range(0, 50) t(i)`);
    await db.run(`
      CREATE TABLE mart_revenue AS
      SELECT order_date, region, channel, status, count(*) AS order_count, sum(item_count) AS item_count, sum(units) AS units,
             CAST(sum(order_total) AS DECIMAL(18, 2)) AS gross_amount,
             CAST(coalesce(sum(order_total) FILTER (WHERE is_revenue), 0) AS DECIMAL(18, 2)) AS revenue,
             count(*) FILTER (WHERE is_late) AS late_order_count
      FROM fct_orders GROUP BY ALL`);
    const files = {} as Record<GoldTable, string[]>;
    for (const name of GOLD_TABLES) {
      const table = name.split('.')[1] as string;
      const file = path.join(out, `${table}.parquet`);
      await db.run(`COPY ${table} TO '${file}' (FORMAT parquet)`);
      files[name] = [file];
    }
    return files;
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

export function publishGold(source: ParquetTableSource, version: string, files: Record<GoldTable, string[]>): void {
  for (const name of GOLD_TABLES) source.publish(name, version, files[name]);
}

/** Runs SQL over the same Parquet files, independently of Cube: the reference answers. */
export async function directQuery(files: Record<GoldTable, string[]>, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    await db.run('CREATE SCHEMA gold');
    for (const name of GOLD_TABLES) {
      await db.run(
        `CREATE VIEW ${name} AS SELECT * FROM read_parquet([${files[name].map((f) => `'${f}'`).join(', ')}])`,
      );
    }
    const reader = await db.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
