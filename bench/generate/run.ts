/**
 * `make bench NAME=generate`: synthetic ecommerce data (orders + order_items, with customers and
 * products) into Parquet and into Iceberg, against a per-row @faker-js/faker baseline writing the
 * same columns, measured in the same run. Each measurement runs in a child process so that its peak
 * RSS is its own. Last stdout line: {"bench":"generate","metrics":{...},"env":{...}}.
 *
 * Rates count ORDER rows per second (each order also writes ~2.2 order_items rows and its share of
 * customers/products); *_total_rows_per_s count the rows of all tables.
 * - parquet_rows_per_s: 5M orders to Parquet files, median of 3
 * - iceberg_rows_per_s: 5M orders appended to Iceberg (SQLite SQL catalog, local warehouse), median of 3
 * - baseline_rows_per_s: 200k orders through the faker baseline; speedup_vs_baseline = parquet / baseline
 * - *_cpu_ns_per_order: CPU time (all threads) per order: the load-independent cost
 * - peak_rss_mb_1m_rows / peak_rss_mb_50m_rows: peak RSS of the child generating 1M / 50M orders to Parquet
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const BIG = Number(process.env.FLOE_BENCH_GENERATE_BIG ?? 50_000_000);

interface ChildResult {
  kind: string;
  orders: number;
  total: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
}

async function child(kind: 'parquet' | 'iceberg' | 'baseline', orders: number): Promise<ChildResult> {
  const dir = mkdtempSync(join(tmpdir(), `floe-bench-generate-${kind}-`));
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=floe-source', '--import', 'tsx', join(here, 'child.ts'), kind, String(orders), dir],
      { cwd: repo, maxBuffer: 16 * 1024 * 1024, timeout: 30 * 60_000 },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;
    process.stderr.write(
      `  ${kind} ${orders} orders: ${result.seconds.toFixed(2)} s, ${Math.round(result.orders / result.seconds)} orders/s, ` +
        `${Math.round(result.total / result.seconds)} rows/s, CPU ${result.cpuSeconds.toFixed(2)} s, peak RSS ${Math.round(result.maxRssMb)} MB\n`,
    );
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (r: ChildResult) => r.orders / r.seconds;
const totalRate = (r: ChildResult) => r.total / r.seconds;

async function main(): Promise<void> {
  const load = loadavg()[0]!;
  process.stderr.write(`bench generate (load average ${load.toFixed(2)} on ${cpus().length} cores)\n`);
  const parquet: ChildResult[] = [];
  for (let i = 0; i < 3; i++) parquet.push(await child('parquet', 5_000_000));
  const iceberg: ChildResult[] = [];
  for (let i = 0; i < 3; i++) iceberg.push(await child('iceberg', 5_000_000));
  const base = await child('baseline', 200_000);
  const oneMillion = await child('parquet', 1_000_000);
  const big = await child('parquet', BIG);

  const parquetRate = median(parquet.map(rate));
  const baselineRate = rate(base);
  const duckdbVersion = JSON.parse(
    readFileSync(join(repo, 'node_modules/@duckdb/node-api/package.json'), 'utf8'),
  ).version;
  const metrics = {
    parquet_rows_per_s: Math.round(parquetRate),
    parquet_total_rows_per_s: Math.round(median(parquet.map(totalRate))),
    iceberg_rows_per_s: Math.round(median(iceberg.map(rate))),
    iceberg_total_rows_per_s: Math.round(median(iceberg.map(totalRate))),
    baseline_rows_per_s: Math.round(baselineRate),
    speedup_vs_baseline: Math.round((parquetRate / baselineRate) * 10) / 10,
    peak_rss_mb_1m_rows: Math.round(oneMillion.maxRssMb),
    peak_rss_mb_50m_rows: Math.round(big.maxRssMb),
    parquet_cpu_ns_per_order: Math.round(median(parquet.map((r) => (r.cpuSeconds / r.orders) * 1e9))),
    baseline_cpu_ns_per_order: Math.round((base.cpuSeconds / base.orders) * 1e9),
    big_run_orders: BIG,
    big_run_rows_per_s: Math.round(rate(big)),
  };
  const env = {
    node: process.version,
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    memory_gb: Math.round(totalmem() / 2 ** 30),
    duckdb_node_api: duckdbVersion,
    load_average_at_start: Math.round(load * 100) / 100,
  };
  process.stdout.write(`${JSON.stringify({ bench: 'generate', metrics, env })}\n`);
}

await main();
