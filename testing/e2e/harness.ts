import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { LoadedProject } from '@floe/core';
import { duckdbInstanceOptions, scanSql, Table, tableIdentifier } from '@floe/iceberg';
import { REPO_ROOT, withCatalog } from '@floe/runtime';

/** The built floe CLI (what users run after `make setup`). */
export const FLOE_BIN = join(REPO_ROOT, 'packages', 'cli', 'bin', 'floe.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Starts `floe <args>`, collecting its output. */
function spawnFloe(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const child = spawn(process.execPath, [FLOE_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    output.stdout += c;
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    output.stderr += c;
  });
  return { child, output };
}

/** Runs `floe <args>` to completion. */
export function floe(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const { child, output } = spawnFloe(args, options);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`floe ${args.join(' ')} timed out\n${output.stderr.slice(-2000)}`));
    }, options.timeoutMs ?? 600_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, ...output });
    });
  });
}

/**
 * Orders count and revenue by a direct DuckDB aggregate over the current snapshot of gold.fct_orders (from the local
 * warehouse or the bucket: the connection gets the storage's extension and secret).
 */
export async function goldOrderTotals(loaded: LoadedProject): Promise<{ count: number; revenue: number }> {
  const instance = await DuckDBInstance.create(':memory:', duckdbInstanceOptions());
  const connection = await instance.connect();
  try {
    const sql = await withCatalog(loaded, async (catalog) =>
      scanSql(await Table.load(catalog, tableIdentifier(['gold'], 'fct_orders')), {}, connection),
    );
    const reader = await connection.runAndReadAll(
      `SELECT count(*) AS n, coalesce(sum(CASE WHEN is_revenue THEN order_total ELSE 0 END), 0) AS revenue FROM (${sql})`,
    );
    const [row] = reader.getRowObjectsJS();
    return { count: Number(row?.n), revenue: Math.round(Number(row?.revenue) * 100) / 100 };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Orders count and revenue as Cube answers them for the query floe demo --once asks. */
export function cubeTotals(data: Record<string, unknown>[]): { count: number; revenue: number } {
  const row = data[0] ?? {};
  return { count: Number(row['orders.count']), revenue: Math.round(Number(row['orders.revenue']) * 100) / 100 };
}

/** Row count and revenue of gold.fct_orders as PyIceberg (a second Iceberg implementation) reads them. */
export function pyicebergScript(): string {
  return [
    'import sys, json',
    'from pyiceberg.catalog.sql import SqlCatalog',
    'catalog = SqlCatalog("floe", uri="sqlite:///" + sys.argv[1], warehouse="file://" + sys.argv[2])',
    'table = catalog.load_table("gold.fct_orders")',
    'arrow = table.scan().to_arrow()',
    'revenue = sum(float(t.as_py()) for t, r in zip(arrow["order_total"], arrow["is_revenue"]) if r.as_py())',
    'print(json.dumps({"rows": arrow.num_rows, "revenue": round(revenue, 2), "format": table.metadata.format_version}))',
  ].join('\n');
}

/** A `floe demo` started by a test (Dagster + Cube on the given ports). */
export interface RunningDemo {
  pid: number;
  stdout(): string;
  stderr(): string;
  exited(): boolean;
  /** Ctrl-C (SIGINT); SIGKILL after a minute. Resolves with the exit code ('timeout' when it had to be killed). */
  stop(): Promise<number | null | 'timeout'>;
}

/** Starts `floe demo --project dir` and waits until it prints "Press Ctrl-C to stop." (five minutes at most). */
export async function startDemo(
  dir: string,
  ports: { dagster: number; cube: number },
  env: NodeJS.ProcessEnv = {},
): Promise<RunningDemo> {
  const args = ['demo', '--project', dir, '--dagster-port', String(ports.dagster), '--cube-port', String(ports.cube)];
  const { child, output } = spawnFloe(args, { env });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const demo: RunningDemo = {
    pid: child.pid ?? 0,
    stdout: () => output.stdout,
    stderr: () => output.stderr,
    exited: () => child.exitCode !== null,
    async stop() {
      child.kill('SIGINT');
      const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000))]);
      if (code === 'timeout') child.kill('SIGKILL');
      return code;
    },
  };
  const deadline = Date.now() + 300_000;
  while (!output.stdout.includes('Press Ctrl-C to stop.')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await demo.stop();
      throw new Error(
        `floe demo ${child.exitCode !== null ? 'exited early' : 'did not start'}:\n${output.stderr.slice(-3000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return demo;
}

/**
 * Runs Python lines against the project's Dagster instance (DAGSTER_HOME=<dir>/.floe/dagster) and parses the JSON the
 * last line printed. `dagster` is imported as `dg`, `json` and `sys` too; `argv` become sys.argv[1:].
 */
export function dagsterQuery<T>(dir: string, lines: string[], argv: string[] = []): T {
  const script = ['import json, sys, dagster as dg', 'i = dg.DagsterInstance.get()', ...lines].join('\n');
  const out = execFileSync(join(REPO_ROOT, '.venv', 'bin', 'python'), ['-c', script, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, DAGSTER_HOME: join(dir, '.floe', 'dagster') },
  });
  return JSON.parse(out.trim().split('\n').pop() ?? 'null') as T;
}
