import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDbt } from '../src/dbt/run-dbt.js';
import { REPO_ROOT } from '../src/tools.js';
import { type BronzeFixture, createBronzeFixture } from './bronze-fixture.js';

// The demo dbt project (demo/dbt) run by real dbt-duckdb against bronze tables created directly in DuckDB.
describe('demo dbt project over a bronze fixture', () => {
  let dir: string;
  let fixture: BronzeFixture;
  let build: { exitCode: number; output: string };
  const database = () => join(dir, 'warehouse.duckdb');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'floe-dbt-'));
    cpSync(join(REPO_ROOT, 'demo', 'dbt'), join(dir, 'dbt'), {
      recursive: true,
      filter: (source) => !/[/\\](target|logs|dbt_packages)$/.test(source),
    });
    writeFileSync(
      join(dir, 'profiles.yml'),
      `floe:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: "{{ env_var('FLOE_PROJECT_DIR') }}/warehouse.duckdb"\n      threads: 2\n`,
    );
    fixture = await createBronzeFixture(database());
    build = await runDbt({ args: ['build'], projectDir: join(dir, 'dbt'), profilesDir: dir, floeProjectDir: dir });
  }, 180_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function query(sql: string): Promise<Record<string, unknown>[]> {
    const instance = await DuckDBInstance.create(database(), { access_mode: 'READ_ONLY' });
    const db = await instance.connect();
    try {
      return (await db.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  }

  it('builds every model and passes its tests; bronze-level tests warn about the planted duplicates', () => {
    expect(build.output).toMatch(/Done\. PASS=\d+ WARN=\d+ ERROR=0 SKIP=0/);
    expect(build.exitCode).toBe(0);
    expect(build.output).toMatch(/WARN \d+ source_unique_bronze_raw_orders_order_id/);
  });

  it('deduplicates orders, keeping the most recently ingested version', async () => {
    const [row] = await query('SELECT count(*) AS n, count(DISTINCT order_id) AS d FROM gold.fct_orders');
    expect(Number(row?.n)).toBe(fixture.orderCount);
    expect(Number(row?.d)).toBe(fixture.orderCount);
    const near = fixture.orders[4];
    const [kept] = await query(`SELECT status FROM gold.fct_orders WHERE order_id = ${near?.id}`);
    expect(kept?.status).toBe(near?.status);
  });

  it('computes revenue per day/region/channel/status that adds up to the deduplicated orders', async () => {
    const [row] = await query('SELECT sum(revenue) AS revenue, sum(order_count) AS orders FROM gold.mart_revenue');
    expect(Math.round(Number(row?.revenue) * 100)).toBe(fixture.revenueCents);
    expect(Number(row?.orders)).toBe(fixture.orderCount);
    const [unknown] = await query("SELECT sum(order_count) AS n FROM gold.mart_revenue WHERE channel = 'unknown'");
    expect(Number(unknown?.n)).toBe(fixture.orders.filter((o) => o.channel === null).length);
  });

  it('keeps late orders on the day they happened and flags them', async () => {
    const late = await query(
      "SELECT order_id, strftime(order_date, '%Y-%m-%d') AS order_date FROM gold.fct_orders WHERE is_late ORDER BY order_id",
    );
    expect(late.map((r) => Number(r.order_id))).toEqual(fixture.lateOrderIds);
    for (const row of late) expect(row.order_date).toBe('2026-11-18');
  });

  it('segments every customer and ranks every product', async () => {
    const [customers] = await query('SELECT count(*) AS n FROM gold.mart_customer_segments');
    expect(Number(customers?.n)).toBe(20);
    const [products] = await query(
      'SELECT count(*) AS n, sum(revenue_share) AS share FROM gold.mart_product_analytics',
    );
    expect(Number(products?.n)).toBe(10);
    expect(Number(products?.share)).toBeCloseTo(1, 3);
  });
});
