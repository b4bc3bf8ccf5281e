import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../src/generate.js';
import { FileSink } from '../src/sinks/files.js';
import { duck, END, parquet, tempDir } from './helpers.js';

type Duck = Awaited<ReturnType<typeof duck>>;

describe('ecommerce → Parquet files (real DuckDB reads them back)', () => {
  let db: Duck;
  let dir: string;
  let cleanup: () => Promise<void>;
  const runs: Awaited<ReturnType<typeof generate>>[] = [];

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    db = await duck();
    const sink = new FileSink(dir, 'parquet');
    // Three runs into the same directory: a burst backfill, then two later bursts.
    // Small rowsPerFile so every run writes several files and the double buffer rotates.
    runs.push(
      await generate({
        dataset: 'ecommerce',
        sink,
        options: { rows: 30_000, endMs: END, durationMs: 3 * 86_400_000, chunkRows: 4_000 },
        rowsPerFile: 8_000,
      }),
    );
    runs.push(
      await generate({
        dataset: 'ecommerce',
        sink,
        options: { rows: 20_000, endMs: END + 3_600_000, chunkRows: 4_000 },
        rowsPerFile: 8_000,
      }),
    );
    runs.push(
      await generate({ dataset: 'ecommerce', sink, options: { rows: 5_000, endMs: END + 7_200_000, seed: 7 } }),
    );
  });

  afterAll(async () => {
    db?.close();
    await cleanup?.();
  });

  it('writes one sub-folder per table and reports row counts that match the files', async () => {
    for (const run of runs)
      expect(run.tables.map((t) => t.table)).toEqual(['customers', 'products', 'orders', 'order_items']);
    for (const table of ['customers', 'products', 'orders', 'order_items']) {
      const { n } = await db.one(`SELECT count(*)::INTEGER AS n FROM ${parquet(dir, table)}`);
      const reported = runs.reduce((s, r) => s + r.tables.find((t) => t.table === table)!.rows, 0);
      expect(n).toBe(reported);
    }
    const { n } = await db.one(`SELECT count(*)::INTEGER AS n FROM ${parquet(dir, 'orders')}`);
    expect(n).toBe(55_000);
    expect(runs[0]!.tables.find((t) => t.table === 'orders')!.files).toBe(4);
  });

  it('has the column contract with Iceberg-friendly types', async () => {
    const cols = await db.rows(`DESCRIBE SELECT * FROM ${parquet(dir, 'orders')}`);
    expect(Object.fromEntries(cols.map((c) => [c.column_name, c.column_type]))).toEqual({
      order_id: 'BIGINT',
      customer_id: 'BIGINT',
      ordered_at: 'TIMESTAMP WITH TIME ZONE',
      region: 'VARCHAR',
      channel: 'VARCHAR',
      status: 'VARCHAR',
      order_total: 'DECIMAL(9,2)',
      ingested_at: 'TIMESTAMP WITH TIME ZONE',
    });
    const items = await db.rows(`DESCRIBE SELECT * FROM ${parquet(dir, 'order_items')}`);
    expect(items.map((c) => c.column_name)).toEqual([
      'order_item_id',
      'order_id',
      'product_id',
      'quantity',
      'unit_price',
      'discount',
    ]);
    const customers = await db.rows(`DESCRIBE SELECT * FROM ${parquet(dir, 'customers')}`);
    expect(customers.map((c) => c.column_name)).toEqual(['customer_id', 'name', 'email', 'region', 'signup_at']);
    const products = await db.rows(`DESCRIBE SELECT * FROM ${parquet(dir, 'products')}`);
    expect(products.map((c) => c.column_name)).toEqual(['product_id', 'name', 'category', 'unit_price', 'created_at']);
  });

  it('keeps foreign keys intact across runs', async () => {
    const orphans = await db.one(`
      SELECT
        (SELECT count(*) FROM ${parquet(dir, 'order_items')} i WHERE i.order_id NOT IN (SELECT order_id FROM ${parquet(dir, 'orders')}))::INTEGER AS items_without_order,
        (SELECT count(*) FROM ${parquet(dir, 'order_items')} i WHERE i.product_id NOT IN (SELECT product_id FROM ${parquet(dir, 'products')}))::INTEGER AS items_without_product,
        (SELECT count(*) FROM ${parquet(dir, 'orders')} o WHERE o.customer_id NOT IN (SELECT customer_id FROM ${parquet(dir, 'customers')}))::INTEGER AS orders_without_customer,
        (SELECT count(*) FROM ${parquet(dir, 'orders')} o WHERE o.order_id NOT IN (SELECT order_id FROM ${parquet(dir, 'order_items')}))::INTEGER AS orders_without_items`);
    expect(orphans).toEqual({
      items_without_order: 0,
      items_without_product: 0,
      orders_without_customer: 0,
      orders_without_items: 0,
    });
  });

  it('makes every order total equal the sum of its items', async () => {
    const r = await db.one(`
      WITH lines AS (
        SELECT order_id, sum(quantity * unit_price - discount) AS total FROM ${parquet(dir, 'order_items')} GROUP BY order_id)
      SELECT count(*)::INTEGER AS orders, count(*) FILTER (WHERE o.order_total <> l.total)::INTEGER AS mismatched,
             min(o.order_total)::DOUBLE AS min_total
      FROM ${parquet(dir, 'orders')} o JOIN lines l USING (order_id)`);
    expect(r.orders).toBe(55_000);
    expect(r.mismatched).toBe(0);
    expect(r.min_total as number).toBeGreaterThan(0);
    const prices = await db.one(`
      SELECT count(*) FILTER (WHERE i.unit_price <> p.unit_price)::INTEGER AS off_list
      FROM ${parquet(dir, 'order_items')} i JOIN ${parquet(dir, 'products')} p USING (product_id)`);
    expect(prices.off_list).toBe(0);
  });

  it('continues ids and time where the previous run stopped, with no collisions', async () => {
    const ids = await db.one(`
      SELECT (SELECT count(*) - count(DISTINCT order_id) FROM ${parquet(dir, 'orders')})::INTEGER AS order_dups,
             (SELECT count(*) - count(DISTINCT order_item_id) FROM ${parquet(dir, 'order_items')})::INTEGER AS item_dups,
             (SELECT count(*) - count(DISTINCT customer_id) FROM ${parquet(dir, 'customers')})::INTEGER AS customer_dups,
             (SELECT count(*) - count(DISTINCT product_id) FROM ${parquet(dir, 'products')})::INTEGER AS product_dups`);
    expect(ids).toEqual({ order_dups: 0, item_dups: 0, customer_dups: 0, product_dups: 0 });
    const perRun = await db.rows(`
      SELECT split_part(parse_filename(filename), '-', 2) AS run, min(order_id)::BIGINT AS lo, max(order_id)::BIGINT AS hi,
             min(ordered_at) AS first, max(ordered_at) AS last
      FROM read_parquet('${dir}/orders/*.parquet', filename = true) GROUP BY run ORDER BY run`);
    expect(perRun.map((r) => r.run)).toEqual(['00000', '00001', '00002']);
    for (let i = 1; i < perRun.length; i++) {
      expect(Number(perRun[i]!.lo)).toBe(Number(perRun[i - 1]!.hi) + 1);
      // No late rows were requested: a run's orders start at or after the previous window's end.
      expect(new Date(perRun[i]!.first as string).getTime()).toBeGreaterThanOrEqual(
        Date.parse(runs[i - 1]!.window.end),
      );
    }
    expect(runs[1]!.window.start).toBe(runs[0]!.window.end);
    expect(runs[2]!.state.runs).toBe(3);
  });

  it('lets later orders reference existing customers and also add new ones', async () => {
    const firstRunCustomers = runs[0]!.state.nextIds.customers! - 1;
    const r = await db.one(`
      SELECT count(*) FILTER (WHERE customer_id <= ${firstRunCustomers})::INTEGER AS existing,
             count(*) FILTER (WHERE customer_id > ${firstRunCustomers})::INTEGER AS new
      FROM read_parquet('${dir}/orders/part-00001-*.parquet')`);
    expect(r.existing as number).toBeGreaterThan(10_000);
    expect(r.new as number).toBeGreaterThan(100);
  });
});

describe('file sink after a crashed run', () => {
  it('removes the uncommitted files of the crashed run before writing again', async () => {
    const { dir, cleanup } = await tempDir();
    const db = await duck();
    try {
      const sink = new FileSink(dir, 'parquet');
      await generate({ dataset: 'ecommerce', sink, options: { rows: 9_000, endMs: END }, rowsPerFile: 3_000 });
      // A second run that fails while committing: its data files exist, the state file does not move on.
      const failing = new FileSink(dir, 'parquet');
      failing.commit = async () => {
        throw new Error('disk full');
      };
      await expect(
        generate({
          dataset: 'ecommerce',
          sink: failing,
          options: { rows: 9_000, endMs: END + 3_600_000 },
          rowsPerFile: 3_000,
        }),
      ).rejects.toThrow('disk full');
      // The rerun writes fewer files; none of the crashed run's may survive.
      const rerun = await generate({
        dataset: 'ecommerce',
        sink,
        options: { rows: 2_000, endMs: END + 3_600_000 },
        rowsPerFile: 3_000,
      });
      expect(rerun.state.runs).toBe(2);
      const { n, ids } = await db.one(
        `SELECT count(*)::INTEGER AS n, count(DISTINCT order_id)::INTEGER AS ids FROM ${parquet(dir, 'orders')}`,
      );
      expect(n).toBe(11_000);
      expect(ids).toBe(11_000);
    } finally {
      db.close();
      await cleanup();
    }
  });
});
