import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { TableBatch } from '../src/columns/batch.js';
import type { Dataset } from '../src/datasets/dataset.js';
import { type GenerateOptions, resolveRunOptions } from '../src/options.js';

/** A fixed window end so timestamps are reproducible: Friday 2026-11-20 00:00 UTC. */
export const END = Date.UTC(2026, 10, 20);

export async function tempDir(prefix = 'floe-synthetic-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Real DuckDB over generated files. */
export async function duck(): Promise<{
  rows: (sql: string) => Promise<Record<string, unknown>[]>;
  one: (sql: string) => Promise<Record<string, unknown>>;
  close: () => void;
}> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const rows = async (sql: string) =>
    (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  return {
    rows,
    one: async (sql: string) => (await rows(sql))[0]!,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Generates a whole run in memory and returns every table's rows column-wise (copies of the batches). */
export function collect(
  dataset: Dataset,
  options: GenerateOptions,
): { tables: Map<string, Record<string, (number | string | null)[]>>; window: { startMs: number; endMs: number } } {
  const run = dataset.start(resolveRunOptions(dataset, { endMs: END, ...options }), null);
  const tables = new Map<string, Record<string, (number | string | null)[]>>();
  for (const t of run.tables) tables.set(t.name, Object.fromEntries(t.columns.map((c) => [c.name, []])));
  for (let chunk = run.next(); chunk; chunk = run.next()) {
    for (const [name, batch] of chunk) append(tables.get(name)!, batch);
  }
  return { tables, window: run.window };
}

function append(into: Record<string, (number | string | null)[]>, batch: TableBatch): void {
  batch.table.columns.forEach((c, i) => {
    const target = into[c.name]!;
    for (let row = 0; row < batch.length; row++) target.push(batch.value(i, row));
  });
}

/** Glob of one table's Parquet files in a file-sink directory. */
export const parquet = (dir: string, table: string): string => `read_parquet('${dir}/${table}/*.parquet')`;
