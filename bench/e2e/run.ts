/**
 * make bench NAME=e2e — the live platform on this machine.
 *   freshness_s       from `floe trigger` (GraphQL launch on the running demo) to the new orders in Cube /load, median
 *                     of three batches triggered 5 s apart (freshness_min_s, freshness_max_s: the spread)
 *   cube_load_p95_ms  p95 of 200 Cube /load requests answered from the orders pre-aggregation
 *   demo_rss_mb       resident memory of the whole `floe demo` process tree (Node + Cube, Dagster webserver,
 *                     daemon, code server, run workers) sampled through the batch, peak
 * The project is the demo with 500 orders per batch and no schedule (see below).
 * The last stdout line is the JSON result. FLOE_BENCH_KEEP=1 keeps the demo project for inspection.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { generateApiSecret, signCubeToken } from '@floe/cube';
import { cubeLoad, freePort, ORDERS_QUERY } from '@floe/runtime';
import { createDemoProject } from '../../packages/runtime/test/project-fixture.js';
import { floe, type RunningDemo, startDemo } from '../../testing/e2e/harness.js';

const BATCHES = 3;
const SPACING_MS = 5_000;
const log = (line: string) => process.stderr.write(`[bench e2e] ${line}\n`);

/** Resident memory (MiB) of a process and all its descendants (Linux /proc). */
function treeRssMb(root: number): number {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+)/.exec(status);
      rss.set(Number(entry), kb ? Number(kb[1]) : 0);
    } catch {
      // the process ended while we looked
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 64; p = parent.get(p), hops++) {
      if (p === root) return true;
    }
    return false;
  };
  let total = 0;
  for (const [pid, kb] of rss) if (inTree(pid)) total += kb;
  return total / 1024;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

// No schedule: the demo's five-minute schedule would, at a five-minute boundary, queue a second batch beside the
// measured one (Dagster runs one batch at a time), and the bench measures a triggered batch alone.
const dir = createDemoProject({ rows: 500, orchestration: { schedules: [] } });
const secret = generateApiSecret();
const headers = { Authorization: signCubeToken(secret) };
const dagsterPort = await freePort();
const cubePort = await freePort();
const cubeUrl = `http://127.0.0.1:${cubePort}`;
let demo: RunningDemo | undefined;
try {
  log(`seeding ${dir} with one cycle (floe demo --once)`);
  const seed = await floe(['demo', '--once', '--json', '--no-cube', '--project', dir]);
  if (seed.code !== 0) throw new Error(`seed failed:\n${seed.stderr.slice(-3000)}`);

  log('starting floe demo');
  demo = await startDemo(dir, { dagster: dagsterPort, cube: cubePort }, { CUBEJS_API_SECRET: secret });
  const demoPid = demo.pid;
  let peakRss = treeRssMb(demoPid);
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, treeRssMb(demoPid));
  }, 500);

  const countNow = async () => Number((await cubeLoad(cubeUrl, ORDERS_QUERY, { headers }))[0]?.['orders.count'] ?? 0);
  // Three batches, one after the other: the median is the figure, the spread shows how steady it is.
  const freshness: number[] = [];
  for (let batch = 1; batch <= BATCHES; batch++) {
    // Batches are spaced as on-demand triggers are, not back to back: after a run, floe's run launcher readies
    // the next warm worker (about two seconds of imports), and a trigger queued behind a running batch would
    // measure queueing, not freshness.
    if (batch > 1) await new Promise((r) => setTimeout(r, SPACING_MS));
    const before = await countNow();
    log(`batch ${batch}: Cube answers ${before} orders; triggering`);
    const started = performance.now();
    const trigger = floe(['trigger', '--json', '--project', dir]);
    for (;;) {
      if ((await countNow()) > before) {
        freshness.push((performance.now() - started) / 1000);
        break;
      }
      if (performance.now() - started > 600_000) throw new Error('new orders never reached Cube');
      await new Promise((r) => setTimeout(r, 100));
    }
    const triggered = await trigger;
    if (triggered.code !== 0) throw new Error(`trigger failed:\n${triggered.stderr.slice(-3000)}`);
    log(`batch ${batch}: freshness ${freshness.at(-1)?.toFixed(1)} s`);
  }

  const query = { ...ORDERS_QUERY, timeDimensions: [{ dimension: 'orders.ordered_at', granularity: 'day' }] };
  await cubeLoad(cubeUrl, query, { headers });
  const latencies: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await cubeLoad(cubeUrl, query, { headers });
    latencies.push(performance.now() - t);
  }
  clearInterval(sampler);
  peakRss = Math.max(peakRss, treeRssMb(demoPid));
  const result = {
    bench: 'e2e',
    metrics: {
      freshness_s: Math.round(percentile(freshness, 50) * 10) / 10,
      freshness_min_s: Math.round(Math.min(...freshness) * 10) / 10,
      freshness_max_s: Math.round(Math.max(...freshness) * 10) / 10,
      cube_load_p95_ms: Math.round(percentile(latencies, 95) * 10) / 10,
      cube_load_p50_ms: Math.round(percentile(latencies, 50) * 10) / 10,
      demo_rss_mb: Math.round(peakRss),
    },
    env: {
      node: process.version,
      cpus: cpus().length,
      memory_gb: Math.round(totalmem() / 2 ** 30),
      rows_per_batch: 500,
      schedules: 0,
      batches: BATCHES,
      batch_spacing_s: SPACING_MS / 1000,
    },
  };
  console.log(JSON.stringify(result));
} finally {
  if (demo && !demo.exited()) await demo.stop();
  // FLOE_BENCH_KEEP=1 keeps the project (Dagster's run history, dbt logs) for a closer look.
  if (process.env.FLOE_BENCH_KEEP) log(`kept the project at ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
