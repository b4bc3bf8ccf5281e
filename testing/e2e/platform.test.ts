import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type LoadedProject, loadProject } from '@floe/core';
import { Table, tableIdentifier } from '@floe/iceberg';
import {
  type CubeService,
  cubeLoad,
  freePort,
  ORDERS_QUERY,
  portIsFree,
  REPO_ROOT,
  startCube,
  withCatalog,
} from '@floe/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoProject } from '../../packages/runtime/test/project-fixture.js';
import { cubeTotals, dagsterQuery, floe, goldOrderTotals, pyicebergScript, startDemo } from './harness.js';

/**
 * The live platform end to end, on one warehouse reused by every case (Dagster and dbt start slowly on 2 cores):
 * real Dagster (in-process and `dagster dev`), real dbt-duckdb, floe's Iceberg tables in a SQLite catalog, real Cube
 * packages (compat mode when the native module is missing) and PyIceberg as an independent reader.
 */
describe('floe live platform (e2e)', () => {
  const ROWS = 150;
  let dir: string;
  let loaded: LoadedProject;
  let cube: CubeService;
  const bronzeOrders = async () =>
    withCatalog(loaded, async (catalog) => {
      const table = await Table.load(catalog, tableIdentifier(['bronze'], 'raw_orders'));
      return {
        rows: Number(table.currentSnapshot()?.summary['total-records'] ?? 0),
        snapshots: table.snapshots().map((s) => String(s.snapshotId)),
      };
    });

  beforeAll(async () => {
    dir = createDemoProject({
      rows: ROWS,
      orchestration: { retries: { max: 1, backoff: 'linear', delay_seconds: 1 } },
    });
    loaded = await loadProject({ projectDir: dir, write: true });
    // A Cube that stays up through every batch: new snapshots must become visible without a restart.
    cube = await startCube(loaded, { port: await freePort() });
  }, 120_000);

  afterAll(async () => {
    await cube?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  let first: {
    layers: { bronze: Record<string, number>; silver: Record<string, number>; gold: Record<string, number> };
    cube: { query: unknown; data: Record<string, unknown>[] };
  };

  it('floe demo --once --json: from an empty warehouse one cycle lands bronze, builds and tests dbt, publishes gold, answers in Cube', async () => {
    const status = await floe(['demo', '--status', '--json', '--project', dir]);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({ layers: { bronze: {}, silver: {}, gold: {} } });

    const once = await floe(['demo', '--once', '--json', '--project', dir]);
    expect(once.code, once.stderr.slice(-3000)).toBe(0);
    first = JSON.parse(once.stdout);
    expect(Object.keys(first.layers.bronze).sort()).toEqual([
      'raw_customers',
      'raw_order_items',
      'raw_orders',
      'raw_products',
    ]);
    expect(first.layers.bronze.raw_orders).toBeGreaterThanOrEqual(ROWS);
    expect(first.layers.gold.fct_orders).toBeGreaterThan(0);
    expect(first.layers.gold.fct_orders).toBeLessThanOrEqual(first.layers.bronze.raw_orders ?? 0);
    expect(first.cube.query).toEqual(ORDERS_QUERY);
    const direct = await goldOrderTotals(loaded);
    expect(cubeTotals(first.cube.data)).toEqual(direct);
    expect(direct.count).toBe(first.layers.gold.fct_orders);
  }, 900_000);

  it('dbt built every model and every test passed (warnings only on the planted bronze defects)', () => {
    // dagster-dbt gives each invocation its own target folder: read the newest run_results.json.
    const target = join(dir, 'dbt', 'target');
    const files = readdirSync(target, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('run_results.json'))
      .map((f) => join(target, f))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    expect(files.length).toBeGreaterThan(0);
    const results = JSON.parse(readFileSync(files[0] ?? '', 'utf8')) as {
      results: { unique_id: string; status: string }[];
    };
    const failed = results.results.filter((r) => !['success', 'pass', 'warn', 'no-op'].includes(r.status));
    expect(failed).toEqual([]);
    const warned = results.results.filter((r) => r.status === 'warn').map((r) => r.unique_id);
    for (const id of warned) expect(id).toMatch(/source_|assert_order_totals/);
    const models = results.results.filter((r) => r.unique_id.startsWith('model.'));
    expect(models.length).toBeGreaterThanOrEqual(14);
    expect(models.filter((m) => m.status !== 'success')).toEqual([]);
    expect(
      results.results.filter((r) => r.unique_id.startsWith('test.') && r.status === 'pass').length,
    ).toBeGreaterThan(30);
    // dbt parsed with the build's own vars, so the build reused the parse (partial parsing) instead of re-parsing.
    const log = readFileSync(join(dirname(files[0] ?? ''), 'dbt.log'), 'utf8');
    expect(log).not.toContain('Unable to do partial parsing');
    expect(log).toMatch(/Partial parsing enabled|Nothing changed, skipping partial parsing/);
  });

  it('Dagster recorded the generation through Pipes: row counts and snapshot ids are materialization metadata', async () => {
    const { snapshots } = await bronzeOrders();
    const metadata = dagsterQuery<{ rows: number; snapshot_id: string }>(dir, [
      'e = i.get_latest_materialization_event(dg.AssetKey(["bronze", "raw_orders"]))',
      'm = e.asset_materialization.metadata',
      'print(json.dumps({"rows": m["rows"].value, "snapshot_id": m["snapshot_id"].value}))',
    ]);
    expect(metadata.rows).toBeGreaterThanOrEqual(ROWS);
    expect(snapshots).toContain(metadata.snapshot_id);
  }, 120_000);

  it('gold tables are Iceberg: PyIceberg reads the same rows and revenue', async () => {
    const direct = await goldOrderTotals(loaded);
    const out = execFileSync(
      join(REPO_ROOT, '.venv', 'bin', 'python'),
      ['-c', pyicebergScript(), join(dir, 'warehouse', 'catalog.db'), join(dir, 'warehouse')],
      { encoding: 'utf8' },
    );
    const read = JSON.parse(out) as { rows: number; revenue: number; format: number };
    expect(read.format).toBe(2);
    expect({ count: read.rows, revenue: read.revenue }).toEqual(direct);
  }, 120_000);

  it('dbt source freshness runs as Dagster asset checks on bronze (floe trigger --job freshness)', async () => {
    const run = await floe(['trigger', '--job', 'freshness', '--json', '--project', dir]);
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    // [asset, check, passed, then the given metadata entry or severity] of the newest run of a job.
    const checksOf = <T extends unknown[]>(job: string, last: string) =>
      dagsterQuery<T[]>(dir, [
        `run = i.get_run_records(filters=dg.RunsFilter(job_name="${job}"), limit=1)[0].dagster_run`,
        'out = []',
        'for e in i.all_logs(run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):',
        '    d = e.dagster_event.event_specific_data',
        `    out.append([d.asset_key.to_user_string(), d.check_name, d.passed, ${last}])`,
        'print(json.dumps(out))',
      ]);
    const checks = checksOf<[string, string, boolean, string, number]>(
      'freshness',
      'd.metadata["status"].value, d.metadata["age_seconds"].value',
    );
    // The demo's sources watch raw_orders.ordered_at; the batch just generated is fresh.
    expect(checks).toEqual([['bronze/raw_orders', 'source_freshness', true, 'pass', expect.any(Number)]]);
    expect(checks[0]?.[4]).toBeGreaterThanOrEqual(0);

    // The pipeline's own checks: dbt's bronze source tests are checks on the bronze assets (warn-level: a planted
    // duplicate order id fails them at WARN severity), and source freshness stays out of the pipeline (its own job).
    const pipelineChecks = checksOf<[string, string, boolean, string]>('pipeline', 'd.severity.value');
    expect(pipelineChecks.map((c) => c[1])).not.toContain('source_freshness');
    const bronze = pipelineChecks.filter((c) => c[0].startsWith('bronze/'));
    expect(bronze.map((c) => `${c[0]} ${c[1]}`).sort()).toEqual([
      'bronze/raw_customers source_not_null_bronze_raw_customers_customer_id',
      'bronze/raw_order_items source_unique_bronze_raw_order_items_order_item_id',
      'bronze/raw_orders source_unique_bronze_raw_orders_order_id',
      'bronze/raw_products source_not_null_bronze_raw_products_product_id',
    ]);
    // A planted defect never blocks the batch: whatever bronze check fails, fails as a warning.
    expect(bronze.filter((c) => !c[2]).every((c) => c[3] === 'WARN')).toBe(true);
  }, 300_000);

  it('a second batch appends to bronze and the Cube answer grows, also through its pre-aggregation', async () => {
    const before = await bronzeOrders();
    const cubeBefore = cubeTotals(await cubeLoad(cube.url, ORDERS_QUERY, { headers: cube.headers }));
    const run = await floe(['trigger', '--json', '--project', dir]);
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ job: 'pipeline', mode: 'in-process', status: 'SUCCESS' });

    const after = await bronzeOrders();
    expect(after.rows).toBeGreaterThanOrEqual(before.rows + ROWS);
    for (const id of before.snapshots) expect(after.snapshots).toContain(id); // appended: history kept
    const direct = await goldOrderTotals(loaded);
    expect(direct.count).toBeGreaterThan(cubeBefore.count);

    // Same long-running Cube: the new snapshot becomes visible without a restart (its refresh key watches the
    // snapshot id), and the rollup answers the per-day query. Cube refreshes in the background: poll up to 60 s.
    const query = { ...ORDERS_QUERY, timeDimensions: [{ dimension: 'orders.ordered_at', granularity: 'day' }] };
    const deadline = Date.now() + 60_000;
    let perDay = 0;
    let usedPreAggregations = 0;
    for (;;) {
      const response = await fetch(`${cube.url}/cubejs-api/v1/load`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...cube.headers },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as {
        data?: Record<string, unknown>[];
        usedPreAggregations?: Record<string, unknown>;
      };
      perDay = (body.data ?? []).reduce((sum, row) => sum + Number(row['orders.count']), 0);
      usedPreAggregations = Object.keys(body.usedPreAggregations ?? {}).length;
      if (perDay === direct.count || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(usedPreAggregations).toBeGreaterThan(0);
    expect(perDay).toBe(direct.count);
    expect(cubeTotals(await cubeLoad(cube.url, ORDERS_QUERY, { headers: cube.headers }))).toEqual(direct);
  }, 900_000);

  it('a batch whose catalog is unreachable fails with a clear error and leaves the data as it was', async () => {
    const before = await bronzeOrders();
    const catalogFile = join(dir, 'warehouse', 'catalog.db');
    const aside = `${catalogFile}.aside`;
    renameSync(catalogFile, aside);
    mkdirSync(catalogFile); // a directory where the SQLite catalog should be: it cannot be opened
    try {
      const run = await floe(['trigger', '--job', 'generate', '--project', dir]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/error: Dagster job generate failed/);
      expect(run.stderr).toMatch(/catalog/i);
      expect(run.stderr).not.toMatch(/^\s+at /m); // no stack trace
      // the step was retried as configured (orchestration.retries.max = 1) before the run failed
      expect(run.stderr).toMatch(/failed after 1 retry/);
    } finally {
      rmSync(catalogFile, { recursive: true, force: true });
      renameSync(aside, catalogFile);
    }
    expect((await bronzeOrders()).rows).toBe(before.rows);
  }, 600_000);

  it('floe demo runs Dagster and Cube; floe trigger launches the next batch through GraphQL and it recovers; Ctrl-C stops everything', async () => {
    const before = await bronzeOrders();
    const dagsterPort = await freePort();
    const cubePort = await freePort();
    const demo = await startDemo(dir, { dagster: dagsterPort, cube: cubePort });
    try {
      expect(demo.stdout()).toContain(`http://127.0.0.1:${dagsterPort}`);
      expect(demo.stdout()).toContain(`http://127.0.0.1:${cubePort}/cubejs-api/v1/load`);
      expect(demo.stdout()).toContain('Continuing with the existing data.');

      const run = await floe(['trigger', '--json', '--project', dir]);
      expect(run.code, run.stderr.slice(-3000)).toBe(0);
      const result = JSON.parse(run.stdout) as { mode: string; status: string; run_id: string };
      expect(result).toMatchObject({ mode: 'graphql', status: 'SUCCESS' });
      expect(result.run_id).toMatch(/^[0-9a-f-]{36}$/);
      expect((await bronzeOrders()).rows).toBeGreaterThanOrEqual(before.rows + ROWS);
      // floe's run launcher gave the run to the worker the daemon readied at start (imports already done).
      const tags = dagsterQuery<Record<string, string>>(
        dir,
        ['print(json.dumps(i.get_run_by_id(sys.argv[1]).tags))'],
        [result.run_id],
      );
      expect(tags['floe/run_worker']).toBe('warm');
      expect(Number(tags['floe/run_worker_pid'])).toBeGreaterThan(0);
    } finally {
      expect(await demo.stop()).toBe(0);
    }
    expect(await portIsFree(dagsterPort)).toBe(true);
    expect(await portIsFree(cubePort)).toBe(true);
    expect(existsSync(join(dir, '.floe', 'demo.json'))).toBe(false);
  }, 900_000);
});
