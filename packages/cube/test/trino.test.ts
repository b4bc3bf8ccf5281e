/**
 * Cube on Trino, end to end on real peers: versitygw (S3) + Apache Iceberg's REST catalog (OAuth2) + Trino 476 with an
 * Iceberg catalog `lake` on it. The gold tables are created in Trino with SQL (deterministic data shaped like the
 * demo's gold tables), Cube serves the demo model (unchanged) through Cube's Trino driver, and every answer is checked
 * against the same aggregate computed by Trino directly.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProject } from '@floe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutTool } from '../../../testing/fixtures/stack/availability.js';
import { type Stack, stackAvailability, startStack } from '../../../testing/fixtures/stack/stack.js';
import {
  icebergRestCatalogProperties,
  startTrino,
  type TrinoServer,
  trinoAvailability,
} from '../../../testing/fixtures/trino/server.js';
import { type CubeLoadResult, type CubeQuery, cubeLoad } from '../src/client.js';
import type { CubeLogger } from '../src/logger.js';
import { projectCubeOptions } from '../src/project.js';
import { type CubeServer, startCube } from '../src/server.js';
import { createTrinoDriver } from '../src/trino/driver.js';
import { rewriteFloeSnapshot } from '../src/trino/snapshot.js';

const DEMO = fileURLToPath(new URL('../../../demo', import.meta.url));
const MODEL = path.join(DEMO, 'cube/model');
const CATALOG = 'lake';

const num = (value: unknown) => Number(value);
const cents = (value: unknown) => Math.round(Number(value) * 100);

/** Orders `from` .. `to - 1`: every column a deterministic function of the order number. */
const BASE = (from: number, to: number) => `
  SELECT i,
    'o' || CAST(i AS VARCHAR) AS order_id,
    'c' || CAST(i * 7 % 50 AS VARCHAR) AS customer_id,
    CAST(TIMESTAMP '2026-01-01 00:00:00' + i * 997 % (60 * 24 * 45) * INTERVAL '1' MINUTE AS TIMESTAMP(6)) AS ordered_at,
    element_at(ARRAY['north', 'south', 'east', 'west'], 1 + i % 4) AS region,
    element_at(ARRAY['web', 'mobile', 'store'], 1 + i / 4 % 3) AS channel,
    element_at(ARRAY['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'returned'], 1 + i * 5 / 3 % 6) AS status,
    i % 7 = 0 AS is_late,
    1 + i % 3 AS item_count
  FROM UNNEST(sequence(${from}, ${to - 1})) AS t(i)`;

const ITEMS = (from: number, to: number) => `
  SELECT b.order_id || '-' || CAST(n AS VARCHAR) AS order_item_id, b.order_id,
    'p' || CAST((b.i * n) % 20 AS VARCHAR) AS product_id, b.customer_id, b.ordered_at,
    CAST(b.ordered_at AS DATE) AS order_date, b.status, b.status NOT IN ('cancelled', 'returned') AS is_revenue,
    CAST(1 + (b.i + n) % 3 AS INTEGER) AS quantity,
    CAST(5 + ((b.i * 31 + n * 17) % 9500) / DECIMAL '100.00' AS DECIMAL(18, 2)) AS unit_price,
    CAST((1 + (b.i + n) % 3) * (5 + ((b.i * 31 + n * 17) % 9500) / DECIMAL '100.00') AS DECIMAL(18, 2)) AS line_amount
  FROM (${BASE(from, to)}) b CROSS JOIN UNNEST(sequence(1, b.item_count)) AS u(n)`;

const ORDERS = (from: number, to: number) => `
  SELECT b.order_id, b.customer_id, b.ordered_at, CAST(b.ordered_at AS DATE) AS order_date, b.region, b.channel,
    b.status, b.is_late, b.status NOT IN ('cancelled', 'returned') AS is_revenue, CAST(b.item_count AS INTEGER) AS item_count,
    CAST(sum(it.quantity) AS BIGINT) AS units, CAST(sum(it.line_amount) AS DECIMAL(18, 2)) AS order_total
  FROM (${BASE(from, to)}) b JOIN (${ITEMS(from, to)}) it ON it.order_id = b.order_id
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`;

async function createGold(trino: TrinoServer, orders: number): Promise<void> {
  await trino.query(`CREATE SCHEMA IF NOT EXISTS ${CATALOG}.gold`);
  await trino.query(`CREATE TABLE ${CATALOG}.gold.fct_order_items AS ${ITEMS(0, orders)}`);
  await trino.query(`CREATE TABLE ${CATALOG}.gold.fct_orders AS ${ORDERS(0, orders)}`);
  await trino.query(`
    CREATE TABLE ${CATALOG}.gold.dim_customers AS
    SELECT 'c' || CAST(i AS VARCHAR) AS customer_id, 'Customer ' || CAST(i AS VARCHAR) AS customer_name,
      element_at(ARRAY['north', 'south', 'east', 'west'], 1 + i % 4) AS region, i % 3 <> 0 AS has_email,
      CAST(TIMESTAMP '2025-06-01 00:00:00' + i * INTERVAL '1' DAY AS TIMESTAMP(6)) AS signed_up_at
    FROM UNNEST(sequence(0, 49)) AS t(i)`);
  await trino.query(`
    CREATE TABLE ${CATALOG}.gold.dim_products AS
    SELECT 'p' || CAST(i AS VARCHAR) AS product_id, 'Product ' || CAST(i AS VARCHAR) AS product_name,
      element_at(ARRAY['books', 'garden', 'toys', 'tools'], 1 + i % 4) AS category,
      CAST(5 + i * DECIMAL '1.25' AS DECIMAL(18, 2)) AS list_price
    FROM UNNEST(sequence(0, 19)) AS t(i)`);
  await trino.query(`
    CREATE TABLE ${CATALOG}.gold.mart_revenue AS
    SELECT order_date, region, channel, status, count(*) AS order_count,
      CAST(sum(CASE WHEN is_revenue THEN order_total ELSE 0 END) AS DECIMAL(18, 2)) AS revenue,
      CAST(sum(order_total) AS DECIMAL(18, 2)) AS gross_amount, count_if(is_late) AS late_order_count
    FROM ${CATALOG}.gold.fct_orders GROUP BY 1, 2, 3, 4`);
}

/** A new snapshot of the two fact tables with orders `from` .. `to - 1`. */
async function appendOrders(trino: TrinoServer, from: number, to: number): Promise<void> {
  await trino.query(`INSERT INTO ${CATALOG}.gold.fct_order_items ${ITEMS(from, to)}`);
  await trino.query(`INSERT INTO ${CATALOG}.gold.fct_orders ${ORDERS(from, to)}`);
}

/** Rows of a direct Trino query as objects keyed by the given column names. */
async function direct(trino: TrinoServer, sql: string, columns: readonly string[]): Promise<Record<string, unknown>[]> {
  const rows = await trino.query(sql);
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
}

function collectingLogger(lines: string[]): CubeLogger {
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return { info: line('info'), warn: line('warn'), error: line('error'), debug: line('debug') };
}

const available = [trinoAvailability(), ...stackAvailability('iceberg-rest')];

describe.skipIf(skipWithoutTool(...available))('Cube on Trino (Iceberg REST catalog on S3)', () => {
  let stack: Stack | undefined;
  let trino: TrinoServer | undefined;
  let secured: TrinoServer | undefined;
  let cube: CubeServer | undefined;
  const lines: string[] = [];
  const load = (query: CubeQuery): Promise<CubeLoadResult> => cubeLoad(cube!.url, query, cube!.token);
  const q = (sql: string, columns: readonly string[]) => direct(trino!, sql, columns);

  beforeAll(async () => {
    stack = await startStack({ catalog: 'iceberg-rest', auth: 'oauth2' });
    const { oauth2 } = stack.rest;
    const lake = icebergRestCatalogProperties({
      uri: stack.rest.uri,
      warehouse: stack.rest.warehouse,
      ...(oauth2
        ? {
            oauth2: {
              tokenEndpoint: oauth2.tokenEndpoint,
              clientId: oauth2.clientId,
              clientSecret: oauth2.clientSecret,
              scope: oauth2.scope,
            },
          }
        : {}),
      s3: stack.s3,
    });
    [trino, secured] = await Promise.all([
      startTrino({ catalogs: { [CATALOG]: lake } }),
      startTrino({ catalogs: { [CATALOG]: lake }, auth: 'secured' }),
    ]);
    await createGold(trino, 400);
    cube = await startCube({
      modelDir: MODEL,
      port: 0,
      trino: { host: trino.host, port: trino.port, catalog: CATALOG, schema: 'gold', user: trino.user },
      logger: collectingLogger(lines),
    });
  }, 240_000);

  afterAll(async () => {
    await cube?.stop();
    await Promise.all([trino?.stop(), secured?.stop()]);
    await stack?.stop();
  }, 60_000);

  it('runs Cube on the Trino driver with the Trino dialect', () => {
    expect(cube!.dbType).toBe('trino');
    expect(process.env.CUBEJS_DB_TYPE).toBe('trino');
    expect(lines.some((l) => l.includes('cube: listening') && l.includes('trino'))).toBe(true);
  });

  it('keeps the order of a result Trino sends in many pages', async () => {
    const driver = createTrinoDriver({
      host: trino!.host,
      port: trino!.port,
      catalog: CATALOG,
      schema: 'gold',
      user: 'floe',
    });
    const rows = (await driver.query(
      'SELECT i * 1000 + j + 1 AS x FROM UNNEST(sequence(0, 299)) AS a(i) CROSS JOIN UNNEST(sequence(0, 999)) AS b(j) ORDER BY x DESC',
      [],
    )) as {
      x: number;
    }[];
    expect(rows).toHaveLength(300_000);
    expect(rows.every((row, i) => row.x === 300_000 - i)).toBe(true);
  });

  it('count and sum measures equal a direct Trino query', async () => {
    const result = await load({ measures: ['orders.count', 'orders.revenue', 'orders.gross_amount', 'orders.units'] });
    const [expected] = await q(
      `SELECT count(*), sum(order_total) FILTER (WHERE is_revenue), sum(order_total), sum(units) FROM ${CATALOG}.gold.fct_orders`,
      ['n', 'revenue', 'gross', 'units'],
    );
    expect(num(expected!.n)).toBe(400);
    const row = result.data[0]!;
    expect(num(row['orders.count'])).toBe(400);
    expect(cents(row['orders.revenue'])).toBe(cents(expected!.revenue));
    expect(cents(row['orders.gross_amount'])).toBe(cents(expected!.gross));
    expect(num(row['orders.units'])).toBe(num(expected!.units));
  });

  it('groups by a time dimension with granularity day', async () => {
    const result = await load({
      measures: ['orders.count', 'orders.gross_amount'],
      timeDimensions: [{ dimension: 'orders.ordered_at', granularity: 'day' }],
      order: { 'orders.ordered_at': 'asc' },
    });
    const expected = await q(
      `SELECT format_datetime(date_trunc('day', ordered_at), 'yyyy-MM-dd''T''HH:mm:ss.SSS'), count(*), sum(order_total)
       FROM ${CATALOG}.gold.fct_orders GROUP BY 1 ORDER BY 1`,
      ['day', 'n', 'gross'],
    );
    expect(expected.length).toBeGreaterThan(30);
    expect(
      result.data.map((r) => [r['orders.ordered_at.day'], num(r['orders.count']), cents(r['orders.gross_amount'])]),
    ).toEqual(expected.map((r) => [r.day, num(r.n), cents(r.gross)]));
  });

  it('applies filters, date ranges and segments', async () => {
    const filtered = await load({
      measures: ['orders.count', 'orders.gross_amount'],
      filters: [
        { member: 'orders.region', operator: 'equals', values: ['north', 'east'] },
        { member: 'orders.status', operator: 'notEquals', values: ['pending'] },
      ],
      timeDimensions: [{ dimension: 'orders.ordered_at', dateRange: ['2026-01-10', '2026-01-31'] }],
    });
    const [expected] = await q(
      `SELECT count(*), sum(order_total) FROM ${CATALOG}.gold.fct_orders
       WHERE region IN ('north', 'east') AND status <> 'pending'
         AND ordered_at >= TIMESTAMP '2026-01-10' AND ordered_at < TIMESTAMP '2026-02-01'`,
      ['n', 'gross'],
    );
    expect(num(expected!.n)).toBeGreaterThan(0);
    expect(num(filtered.data[0]!['orders.count'])).toBe(num(expected!.n));
    expect(cents(filtered.data[0]!['orders.gross_amount'])).toBe(cents(expected!.gross));

    const segmented = await load({ measures: ['orders.count'], segments: ['orders.late', 'orders.revenue_orders'] });
    const [late] = await q(`SELECT count(*) FROM ${CATALOG}.gold.fct_orders WHERE is_late AND is_revenue`, ['n']);
    expect(num(late!.n)).toBeGreaterThan(0);
    expect(num(segmented.data[0]!['orders.count'])).toBe(num(late!.n));
  });

  it('joins orders to customers and order items to products', async () => {
    const byRegion = await load({
      measures: ['orders.count'],
      dimensions: ['customers.region'],
      order: { 'customers.region': 'asc' },
    });
    const expectedRegion = await q(
      `SELECT c.region, count(*) FROM ${CATALOG}.gold.fct_orders o LEFT JOIN ${CATALOG}.gold.dim_customers c
       ON o.customer_id = c.customer_id GROUP BY 1 ORDER BY 1`,
      ['region', 'n'],
    );
    expect(byRegion.data.map((r) => [r['customers.region'], num(r['orders.count'])])).toEqual(
      expectedRegion.map((r) => [r.region, num(r.n)]),
    );
    const byCategory = await load({
      measures: ['order_items.quantity'],
      dimensions: ['products.category'],
      order: { 'products.category': 'asc' },
    });
    const expectedCategory = await q(
      `SELECT p.category, sum(i.quantity) FROM ${CATALOG}.gold.fct_order_items i LEFT JOIN ${CATALOG}.gold.dim_products p
       ON i.product_id = p.product_id GROUP BY 1 ORDER BY 1`,
      ['category', 'q'],
    );
    expect(byCategory.data.map((r) => [r['products.category'], num(r['order_items.quantity'])])).toEqual(
      expectedCategory.map((r) => [r.category, num(r.q)]),
    );
  });

  it('answers rollup-shaped queries from a pre-aggregation built in Trino', async () => {
    const result = await load({
      measures: ['orders.count', 'orders.revenue'],
      dimensions: ['orders.region'],
      timeDimensions: [{ dimension: 'orders.ordered_at', granularity: 'week' }],
      order: [
        ['orders.ordered_at', 'asc'],
        ['orders.region', 'asc'],
      ],
    });
    const used = Object.keys(result.usedPreAggregations ?? {});
    expect(used.join(',')).toMatch(/^floe_pre_aggregations\.orders_daily_by_region_channel_status/);
    const expected = await q(
      `SELECT format_datetime(date_trunc('week', ordered_at), 'yyyy-MM-dd''T''HH:mm:ss.SSS'), region, count(*),
         coalesce(sum(order_total) FILTER (WHERE is_revenue), 0)
       FROM ${CATALOG}.gold.fct_orders GROUP BY 1, 2 ORDER BY 1, 2`,
      ['week', 'region', 'n', 'revenue'],
    );
    expect(
      result.data.map((r) => [
        r['orders.ordered_at.week'],
        r['orders.region'],
        num(r['orders.count']),
        cents(r['orders.revenue']),
      ]),
    ).toEqual(expected.map((r) => [r.week, r.region, num(r.n), cents(r.revenue)]));
    // Cube read a real Iceberg table of the compute catalog (versions are suffixes of the name), holding the rollup.
    const prefix = used[0]!.split('.')[1]!;
    const tables = (await trino!.query(`SHOW TABLES FROM ${CATALOG}.floe_pre_aggregations`))
      .map((r) => String(r[0]))
      .filter((t) => t.startsWith(prefix));
    expect(tables.length, JSON.stringify(result.usedPreAggregations)).toBeGreaterThan(0);
    const [rolled] = await trino!.query(
      `SELECT sum(orders__count) FROM ${CATALOG}.floe_pre_aggregations."${tables[0]}"`,
    );
    expect(num(rolled![0])).toBe(400);
  });

  it('follows a new snapshot: the refresh key changes and raw and pre-aggregated answers grow', async () => {
    const refreshKey = rewriteFloeSnapshot("SELECT floe_snapshot('gold.fct_orders')", { catalog: CATALOG });
    const [[keyBefore]] = (await trino!.query(refreshKey)) as [[unknown]];
    expect(String(keyBefore)).toMatch(/^-?\d+$/);
    const before = await load({ measures: ['orders.count'] });
    expect(num(before.data[0]!['orders.count'])).toBe(400);

    await appendOrders(trino!, 400, 550);
    const [[keyAfter]] = (await trino!.query(refreshKey)) as [[unknown]];
    expect(String(keyAfter)).not.toBe(String(keyBefore));
    const [expected] = await q(`SELECT count(*), sum(order_total) FROM ${CATALOG}.gold.fct_orders`, ['n', 'gross']);
    expect(num(expected!.n)).toBe(550);

    const deadline = Date.now() + 60_000;
    let raw = before;
    let rollup: CubeLoadResult | undefined;
    const rollupCount = () => (rollup?.data ?? []).reduce((sum, r) => sum + num(r['orders.count']), 0);
    while (Date.now() < deadline) {
      raw = await load({ measures: ['orders.count'] });
      rollup = await load({ measures: ['orders.count', 'orders.gross_amount'], dimensions: ['orders.status'] });
      if (num(raw.data[0]!['orders.count']) === 550 && rollupCount() === 550) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(num(raw.data[0]!['orders.count'])).toBe(550);
    expect(rollupCount()).toBe(550);
    expect(Object.keys(rollup?.usedPreAggregations ?? {}).join(',')).toMatch(/orders_daily_by_region_channel_status/);
    const gross = rollup!.data.reduce((sum, r) => sum + cents(r['orders.gross_amount']), 0);
    expect(gross).toBe(cents(expected!.gross));
  }, 90_000);

  it('waits for the first table of the gold schema before building pre-aggregations', async () => {
    const waiting: string[] = [];
    const empty = await startCube({
      modelDir: MODEL,
      port: 0,
      trino: { host: trino!.host, port: trino!.port, catalog: CATALOG, schema: 'gold_not_yet', user: trino!.user },
      logger: collectingLogger(waiting),
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    } finally {
      await empty.stop();
    }
    expect(waiting.filter((l) => l.includes('no tables to read yet'))).toHaveLength(1);
    expect(waiting.filter((l) => /Error while querying|Error querying db|scheduled refresh failed/.test(l))).toEqual(
      [],
    );
  });

  it('serves a project whose compute is a secured Trino: password over HTTPS with its CA, then a JWT', async () => {
    const server = secured!;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'floe-cube-trino-'));
    const passwordVar = 'FLOE_CUBE_TEST_TRINO_PASSWORD';
    const password = server.password!.password;
    process.env[passwordVar] = password;
    const secretLines: string[] = [];
    try {
      for (const entry of ['floe.yaml', 'cube', 'dbt'])
        await cp(path.join(DEMO, entry), path.join(dir, entry), { recursive: true });
      await mkdir(path.join(dir, 'platform'), { recursive: true });
      await writeFile(path.join(dir, 'trino-ca.pem'), server.caCertificate!);
      await writeFile(
        path.join(dir, 'platform', 'trino.yaml'),
        [
          'apiVersion: floe.dev/v1',
          'kind: Platform',
          'metadata: { name: trino-test, environment: test }',
          'storage: { default: { type: local, path: warehouse } }',
          'catalogs: { default: { type: sql, uri: "sqlite:warehouse/catalog.db", warehouse: default } }',
          'compute:',
          '  default:',
          '    type: trino',
          `    host: ${server.host}`,
          `    port: ${server.port}`,
          '    http_scheme: https',
          `    user: ${server.password!.user}`,
          `    password: env:${passwordVar}`,
          `    catalog: ${CATALOG}`,
          '    ca_certificate: trino-ca.pem',
          'layers: { bronze: { namespace: bronze }, silver: { namespace: silver }, gold: { namespace: gold } }',
          '',
        ].join('\n'),
      );
      const loaded = await loadProject({ projectDir: dir, platformFile: 'platform/trino.yaml', noCache: true });
      expect(loaded.artifacts.compute.type).toBe('trino');
      const options = await projectCubeOptions(loaded, { port: 0, onLine: (line) => secretLines.push(line) });
      expect(options.tables).toBeUndefined();
      expect(options.trino).toMatchObject({ host: 'localhost', catalog: CATALOG, schema: 'gold', password });
      const projectCube = await startCube(options);
      try {
        const result = await cubeLoad(
          projectCube.url,
          { measures: ['orders.count'], dimensions: ['orders.region'], order: { 'orders.region': 'asc' } },
          projectCube.token,
        );
        const expected = await q(`SELECT region, count(*) FROM ${CATALOG}.gold.fct_orders GROUP BY 1 ORDER BY 1`, [
          'region',
          'n',
        ]);
        expect(result.data.map((r) => [r['orders.region'], num(r['orders.count'])])).toEqual(
          expected.map((r) => [r.region, num(r.n)]),
        );
      } finally {
        await projectCube.stop();
      }

      // A Cube on the secured Trino with the given credential (its log lines collected for the secret check).
      const securedCube = (credential: { jwtToken: string } | { password: string }) =>
        startCube({
          modelDir: MODEL,
          port: 0,
          refreshIntervalSeconds: false,
          trino: {
            host: server.host,
            port: server.port,
            catalog: CATALOG,
            schema: 'gold',
            user: server.user,
            ...credential,
            tls: { ca: server.caCertificate! },
          },
          logger: collectingLogger(secretLines),
        });

      // JWT authentication (Bearer), and a rejected token whose error names no secret.
      const jwt = server.signJwt!(server.user);
      const jwtCube = await securedCube({ jwtToken: jwt });
      try {
        // Queries no other Cube of this process asked: Cube's in-process result cache is shared between instances.
        const result = await cubeLoad(
          jwtCube.url,
          { measures: ['orders.count'], filters: [{ member: 'orders.channel', operator: 'equals', values: ['web'] }] },
          jwtCube.token,
        );
        const [expected] = await q(`SELECT count(*) FROM ${CATALOG}.gold.fct_orders WHERE channel = 'web'`, ['n']);
        expect(num(expected!.n)).toBeGreaterThan(0);
        expect(num(result.data[0]!['orders.count'])).toBe(num(expected!.n));
      } finally {
        await jwtCube.stop();
      }

      const wrong = `${password}-wrong`;
      const rejected = await securedCube({ password: wrong });
      try {
        const failure = await cubeLoad(
          rejected.url,
          {
            measures: ['orders.units'],
            filters: [{ member: 'orders.channel', operator: 'equals', values: ['store'] }],
          },
          rejected.token,
        ).then(
          () => undefined,
          (error: unknown) => String(error),
        );
        expect(failure).toBeDefined();
        expect(failure).not.toContain(wrong);
      } finally {
        await rejected.stop();
      }
      const everything = secretLines.join('\n');
      expect(everything).toContain('cube: listening');
      for (const secret of [password, wrong, jwt]) expect(everything).not.toContain(secret);
    } finally {
      delete process.env[passwordVar];
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
