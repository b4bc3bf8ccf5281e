/**
 * `make bench NAME=trino`: the scale-out path measured against the embedded engine, on one stack (versitygw, Apache
 * Iceberg's REST catalog with OAuth2, Trino 476 on that catalog), the demo project in two copies: one with Trino as
 * compute (dbt-trino writes silver and gold as Iceberg tables), one with DuckDB (dbt on DuckDB, then floe publish
 * to its own silver_duckdb/gold_duckdb namespaces so the two never overwrite each other). Both read the same bronze.
 * Last stdout line: {"bench":"trino","metrics":{...},"env":{...}}; progress goes to stderr.
 *
 * - trino_batch_s: one 500-order batch through dbt on Trino (`dbt build`: models and tests; incremental models
 *   merge the batch), median of FLOE_BENCH_BATCHES (default 3).
 * - duckdb_batch_s: the same batch on DuckDB as the embedded default runs it: bronze views pinned to the new
 *   snapshots, `dbt build`, `floe publish` of the marts to Iceberg; median, alternating with Trino (each batch
 *   flips which engine goes first). duckdb_dbt_s: its `dbt build` alone.
 * - trino_scale_rows_per_s: bronze orders per second of a full-refresh `dbt build` on Trino over a history of
 *   FLOE_BENCH_HISTORY_ORDERS orders (default 10,000,000, generated in 1M-order appends); trino_scale_s its time;
 *   the slowest models (dbt's run_results.json) go to env.trino_scale_slowest.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '@floe/core';
import { runDbtOrThrow } from '@floe/runtime';
import { floe } from '../../testing/e2e/harness.js';
import { stackProject } from '../../testing/e2e/stack-project.js';
import { STACK_TRINO_CATALOG, startStack } from '../../testing/fixtures/stack/stack.js';

const BATCHES = Number(process.env.FLOE_BENCH_BATCHES ?? 3);
const HISTORY = Number(process.env.FLOE_BENCH_HISTORY_ORDERS ?? 10_000_000);
const CHUNK = 1_000_000;
const log = (line: string) => process.stderr.write(`[bench trino] ${line}\n`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] ?? 0) : ((s[s.length / 2 - 1] ?? 0) + (s[s.length / 2] ?? 0)) / 2;
};
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

const stack = await startStack({
  catalog: 'iceberg-rest',
  auth: 'oauth2',
  compute: 'trino',
  trinoMemory: { heap: process.env.FLOE_BENCH_TRINO_HEAP ?? '8G', queryMaxMemory: '5GB' },
});
const env = stack.env();
Object.assign(process.env, env);
const trinoDir = stackProject(stack, 'platform/stack-trino.yaml');
const duckDir = stackProject(stack, 'platform/stack.yaml');
const duckPlatform = join(duckDir, 'platform/stack.yaml');
writeFileSync(
  duckPlatform,
  readFileSync(duckPlatform, 'utf8')
    .replace('namespace: silver', 'namespace: silver_duckdb')
    .replace('namespace: gold', 'namespace: gold_duckdb'),
);

const cli = async (args: string[]) => {
  const result = await floe(args, { env });
  if (result.code !== 0) throw new Error(`floe ${args.join(' ')} failed:\n${result.stderr.slice(-3000)}`);
  return result;
};

async function dbtRunner(dir: string, platformFile: string) {
  const loaded = await loadProject({ projectDir: dir, platformFile, noCache: true });
  const dbt = loaded.artifacts.transforms.dbt;
  if (!dbt) throw new Error('the demo project has dbt');
  return async (extra: string[] = []) => {
    const started = performance.now();
    await runDbtOrThrow({
      args: ['build', '--vars', JSON.stringify(dbt.vars), ...extra],
      projectDir: join(dir, dbt.project),
      profilesDir: join(dir, dbt.profiles_dir),
      profile: dbt.profile_name,
      target: dbt.target,
      floeProjectDir: dir,
      env,
    });
    return { seconds: (performance.now() - started) / 1000, targetDir: join(dir, dbt.project, 'target') };
  };
}

try {
  log(`stack up; Trino ${stack.trino?.version} at ${stack.trino?.url} (catalog ${STACK_TRINO_CATALOG})`);
  await cli(['compile', '--project', trinoDir, '--platform', 'platform/stack-trino.yaml']);
  await cli(['compile', '--project', duckDir, '--platform', 'platform/stack.yaml']);
  const trinoBuild = await dbtRunner(trinoDir, 'platform/stack-trino.yaml');
  const duckBuild = await dbtRunner(duckDir, 'platform/stack.yaml');
  const generate = (rows: number) =>
    cli([
      'generate',
      'ecommerce',
      '--rows',
      String(rows),
      '--project',
      trinoDir,
      '--platform',
      'platform/stack-trino.yaml',
    ]);
  const duckdbBatch = async () => {
    const started = performance.now();
    await cli(['publish', '--bronze-views', '--project', duckDir, '--platform', 'platform/stack.yaml']);
    const dbt = await duckBuild();
    await cli(['publish', '--project', duckDir, '--platform', 'platform/stack.yaml']);
    return { total: (performance.now() - started) / 1000, dbt: dbt.seconds };
  };

  log('warm-up: a first batch built by both engines (creates every table)');
  await generate(500);
  await trinoBuild();
  await duckdbBatch();

  const trinoTimes: number[] = [];
  const duckTimes: number[] = [];
  const duckDbtTimes: number[] = [];
  for (let i = 0; i < BATCHES; i++) {
    await generate(500);
    const runTrino = async () => trinoTimes.push((await trinoBuild()).seconds);
    const runDuck = async () => {
      const t = await duckdbBatch();
      duckTimes.push(t.total);
      duckDbtTimes.push(t.dbt);
    };
    if (i % 2 === 0) {
      await runTrino();
      await runDuck();
    } else {
      await runDuck();
      await runTrino();
    }
    log(
      `batch ${i + 1}: trino ${trinoTimes.at(-1)?.toFixed(1)} s, duckdb ${duckTimes.at(-1)?.toFixed(1)} s (dbt ${duckDbtTimes.at(-1)?.toFixed(1)} s)`,
    );
  }

  log(`history: ${HISTORY.toLocaleString('en')} orders in bronze (appends of ${CHUNK.toLocaleString('en')})`);
  const generateStarted = performance.now();
  let generated = 500 * (BATCHES + 1);
  while (generated < HISTORY) {
    const rows = Math.min(CHUNK, HISTORY - generated);
    await generate(rows);
    generated += rows;
    log(`  ${generated.toLocaleString('en')} orders (${((performance.now() - generateStarted) / 1000).toFixed(0)} s)`);
  }
  const bronzeOrders = Number(
    (await stack.trino?.query(`SELECT count(*) FROM ${STACK_TRINO_CATALOG}.bronze.raw_orders`))?.[0]?.[0],
  );
  log(`full-refresh dbt build on Trino over ${bronzeOrders.toLocaleString('en')} bronze orders ...`);
  const scale = await trinoBuild(['--full-refresh']);
  const results = JSON.parse(readFileSync(join(scale.targetDir, 'run_results.json'), 'utf8')) as {
    results: Array<{ unique_id: string; execution_time: number; status: string }>;
  };
  const slowest = results.results
    .sort((a, b) => b.execution_time - a.execution_time)
    .slice(0, 6)
    .map((r) => `${r.unique_id.split('.').slice(-1)[0]} ${r.execution_time.toFixed(1)}s`)
    .join(', ');
  log(`scale build ${scale.seconds.toFixed(1)} s; slowest: ${slowest}`);

  console.log(
    JSON.stringify({
      bench: 'trino',
      metrics: {
        trino_batch_s: round(median(trinoTimes)),
        duckdb_batch_s: round(median(duckTimes)),
        duckdb_dbt_s: round(median(duckDbtTimes)),
        trino_scale_rows_per_s: Math.round(bronzeOrders / scale.seconds),
        trino_scale_s: round(scale.seconds, 1),
      },
      env: {
        trino: stack.trino?.version,
        batches: BATCHES,
        batch_orders: 500,
        history_orders: bronzeOrders,
        trino_batch_s_all: trinoTimes.map((t) => round(t)),
        duckdb_batch_s_all: duckTimes.map((t) => round(t)),
        trino_scale_slowest: slowest,
        cpus: cpus().length,
        memory_gb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
    }),
  );
} finally {
  await stack.stop();
  if (process.env.FLOE_BENCH_KEEP !== '1')
    for (const dir of [trinoDir, duckDir]) rmSync(dir, { recursive: true, force: true });
}
