import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CubeLoadResult, type CubeQuery, cubeLoad, cubeMeta } from '../src/client.js';
import type { CubeServer } from '../src/server.js';
import type { GoldTable } from './gold-fixture.js';

/** What a contract run needs: a running Cube over the demo model, and a way to publish more data. */
export interface ContractFixture {
  readonly cube: CubeServer;
  /** Files of the currently published gold tables, for the reference queries. */
  files(): Record<GoldTable, string[]>;
  /** Publish a new snapshot with more orders; resolves with the new files. */
  grow(): Promise<Record<GoldTable, string[]>>;
  direct(files: Record<GoldTable, string[]>, sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const num = (value: unknown) => Number(value);
const cents = (value: unknown) => Math.round(Number(value) * 100);

/**
 * The contract of floe's Cube: `/meta` and `/load` over the demo model answer what a direct DuckDB query over the same
 * gold data answers. Runs against whichever mode `startCube` picked (real Cube with its native module, or floe's
 * compatibility mode).
 */
export function describeCubeContract(name: string, setup: () => Promise<ContractFixture>): void {
  describe(name, () => {
    let fx: ContractFixture;
    const load = (query: CubeQuery): Promise<CubeLoadResult> => cubeLoad(fx.cube.url, query, fx.cube.token);
    const direct = (sql: string) => fx.direct(fx.files(), sql);

    beforeAll(async () => {
      fx = await setup();
    });
    afterAll(async () => {
      await fx?.close();
    });

    it('serves /readyz and /livez without a token', async () => {
      for (const probe of ['/readyz', '/livez']) {
        const response = await fetch(`${fx.cube.url}${probe}`);
        expect(response.status, probe).toBe(200);
      }
    });

    it('rejects /load and /meta without a valid token', async () => {
      const query = encodeURIComponent(JSON.stringify({ measures: ['orders.count'] }));
      const anonymous = await fetch(`${fx.cube.url}/cubejs-api/v1/load?query=${query}`);
      expect(anonymous.status).toBe(403);
      const forged = await fetch(`${fx.cube.url}/cubejs-api/v1/meta`, {
        headers: { authorization: `${fx.cube.token.slice(0, -4)}AAAA` },
      });
      expect(forged.status).toBe(403);
    });

    it('/meta describes the cubes, measures, time dimensions and segments of the model', async () => {
      const meta = await cubeMeta(fx.cube.url, fx.cube.token);
      const cubes = new Map(meta.cubes.map((c) => [c.name, c]));
      expect([...cubes.keys()].sort()).toEqual(
        ['customers', 'daily_revenue', 'order_items', 'orders', 'products'].sort(),
      );
      const orders = cubes.get('orders')!;
      const measures = new Map(orders.measures.map((m) => [m.name, m.type]));
      for (const m of ['count', 'revenue', 'average_order_value', 'items_per_order']) {
        expect(measures.has(`orders.${m}`), m).toBe(true);
      }
      expect(orders.dimensions.find((d) => d.name === 'orders.ordered_at')?.type).toBe('time');
      expect(orders.segments.map((s) => s.name).sort()).toEqual([
        'orders.cancelled_or_returned',
        'orders.late',
        'orders.revenue_orders',
      ]);
    });

    it('count and sum measures equal a direct DuckDB query', async () => {
      const result = await load({ measures: ['orders.count', 'orders.revenue', 'orders.gross_amount'] });
      const [expected] = await direct(
        'SELECT count(*) AS n, sum(order_total) FILTER (WHERE is_revenue) AS revenue, sum(order_total) AS gross FROM gold.fct_orders',
      );
      expect(result.data).toHaveLength(1);
      const row = result.data[0]!;
      expect(num(row['orders.count'])).toBe(num(expected!.n));
      expect(cents(row['orders.revenue'])).toBe(cents(expected!.revenue));
      expect(cents(row['orders.gross_amount'])).toBe(cents(expected!.gross));
    });

    it('average order value and items per order are computed from the same rows', async () => {
      const result = await load({ measures: ['orders.average_order_value', 'orders.items_per_order'] });
      const [expected] = await direct(
        'SELECT sum(order_total) FILTER (WHERE is_revenue) / count(*) FILTER (WHERE is_revenue) AS aov, sum(item_count) / count(*) AS ipo FROM gold.fct_orders',
      );
      const row = result.data[0]!;
      expect(num(row['orders.average_order_value'])).toBeCloseTo(num(expected!.aov), 6);
      expect(num(row['orders.items_per_order'])).toBeCloseTo(num(expected!.ipo), 6);
    });

    it('groups by a time dimension granularity (month)', async () => {
      const result = await load({
        measures: ['orders.count'],
        timeDimensions: [{ dimension: 'orders.ordered_at', granularity: 'month' }],
        order: { 'orders.ordered_at': 'asc' },
      });
      const expected = await direct(
        "SELECT strftime(date_trunc('month', ordered_at), '%Y-%m-%dT%H:%M:%S.000') AS month, count(*) AS n FROM gold.fct_orders GROUP BY 1 ORDER BY 1",
      );
      expect(result.data.map((r) => [r['orders.ordered_at.month'], num(r['orders.count'])])).toEqual(
        expected.map((r) => [r.month, num(r.n)]),
      );
    });

    it('applies filters and date ranges', async () => {
      const result = await load({
        measures: ['orders.count', 'orders.gross_amount'],
        filters: [
          { member: 'orders.region', operator: 'equals', values: ['north', 'east'] },
          { member: 'orders.status', operator: 'notEquals', values: ['pending'] },
        ],
        timeDimensions: [{ dimension: 'orders.ordered_at', dateRange: ['2026-02-01', '2026-02-28'] }],
      });
      const [expected] = await direct(
        "SELECT count(*) AS n, sum(order_total) AS gross FROM gold.fct_orders WHERE region IN ('north', 'east') AND status <> 'pending' AND ordered_at >= TIMESTAMP '2026-02-01' AND ordered_at < TIMESTAMP '2026-03-01'",
      );
      expect(num(result.data[0]!['orders.count'])).toBe(num(expected!.n));
      expect(cents(result.data[0]!['orders.gross_amount'])).toBe(cents(expected!.gross));
    });

    it('applies segments', async () => {
      const result = await load({ measures: ['orders.count'], segments: ['orders.late', 'orders.revenue_orders'] });
      const [expected] = await direct('SELECT count(*) AS n FROM gold.fct_orders WHERE is_late AND is_revenue');
      expect(num(expected!.n)).toBeGreaterThan(0);
      expect(num(result.data[0]!['orders.count'])).toBe(num(expected!.n));
    });

    it('joins orders to customers and order items to products', async () => {
      const byCustomerRegion = await load({
        measures: ['orders.count'],
        dimensions: ['customers.region'],
        order: { 'customers.region': 'asc' },
      });
      const expectedRegion = await direct(
        'SELECT c.region, count(*) AS n FROM gold.fct_orders o LEFT JOIN gold.dim_customers c USING (customer_id) GROUP BY 1 ORDER BY 1',
      );
      expect(byCustomerRegion.data.map((r) => [r['customers.region'], num(r['orders.count'])])).toEqual(
        expectedRegion.map((r) => [r.region, num(r.n)]),
      );
      const byCategory = await load({
        measures: ['order_items.quantity'],
        dimensions: ['products.category'],
        order: { 'products.category': 'asc' },
      });
      const expectedCategory = await direct(
        'SELECT p.category, sum(i.quantity) AS q FROM gold.fct_order_items i LEFT JOIN gold.dim_products p USING (product_id) GROUP BY 1 ORDER BY 1',
      );
      expect(byCategory.data.map((r) => [r['products.category'], num(r['order_items.quantity'])])).toEqual(
        expectedCategory.map((r) => [r.category, num(r.q)]),
      );
    });

    it('answers rollup-shaped queries from the pre-aggregation', async () => {
      const result = await load({
        measures: ['orders.count', 'orders.revenue'],
        dimensions: ['orders.region'],
        timeDimensions: [{ dimension: 'orders.ordered_at', granularity: 'week' }],
        order: [
          ['orders.ordered_at', 'asc'],
          ['orders.region', 'asc'],
        ],
      });
      expect(Object.keys(result.usedPreAggregations ?? {}).join(',')).toMatch(/orders_daily_by_region_channel_status/);
      const expected = await direct(
        "SELECT strftime(date_trunc('week', ordered_at), '%Y-%m-%dT%H:%M:%S.000') AS week, region, count(*) AS n, coalesce(sum(order_total) FILTER (WHERE is_revenue), 0) AS revenue FROM gold.fct_orders GROUP BY ALL ORDER BY 1, 2",
      );
      expect(
        result.data.map((r) => [
          r['orders.ordered_at.week'],
          r['orders.region'],
          num(r['orders.count']),
          cents(r['orders.revenue']),
        ]),
      ).toEqual(expected.map((r) => [r.week, r.region, num(r.n), cents(r.revenue)]));
    });

    it('sees a new snapshot without a restart, in raw and pre-aggregated queries', async () => {
      const before = await load({ measures: ['orders.count'] });
      const files = await fx.grow();
      const [expected] = await fx.direct(files, 'SELECT count(*) AS n, sum(order_total) AS gross FROM gold.fct_orders');
      expect(num(expected!.n)).toBeGreaterThan(num(before.data[0]!['orders.count']));
      const deadline = Date.now() + 20_000;
      let raw = before;
      let rollup: CubeLoadResult | undefined;
      while (Date.now() < deadline) {
        raw = await load({ measures: ['orders.count'], filters: [] });
        rollup = await load({ measures: ['orders.count', 'orders.gross_amount'], dimensions: ['orders.status'] });
        const rollupCount = rollup.data.reduce((sum, r) => sum + num(r['orders.count']), 0);
        if (num(raw.data[0]!['orders.count']) === num(expected!.n) && rollupCount === num(expected!.n)) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(num(raw.data[0]!['orders.count'])).toBe(num(expected!.n));
      expect(Object.keys(rollup?.usedPreAggregations ?? {}).length).toBeGreaterThan(0);
      const gross = rollup!.data.reduce((sum, r) => sum + cents(r['orders.gross_amount']), 0);
      expect(gross).toBe(cents(expected!.gross));
    });
  });
}
