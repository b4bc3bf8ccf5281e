import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ensureBuilt, floe, repoRoot } from './built-bin.js';

const report = z.object({
  dataset: z.string(),
  target: z.string(),
  tables: z.array(
    z.object({
      table: z.string(),
      identifier: z.string().optional(),
      rows: z.number(),
      files: z.number(),
      snapshot_id: z.string().nullable(),
    }),
  ),
});

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'floe-generate-'));
  temps.push(dir);
  return dir;
}

async function parquetStats(glob: string): Promise<{ rows: number; minId: number; maxId: number }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT count(*)::INTEGER, min(order_id)::INTEGER, max(order_id)::INTEGER FROM read_parquet('${glob}')`,
    );
    const [rows, minId, maxId] = reader.getRows()[0] as [number, number, number];
    return { rows, minId, maxId };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const END = '2026-11-20T00:00:00Z';

beforeAll(() => ensureBuilt(), 300_000);
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

describe('floe generate (the built binary)', () => {
  it('writes one Parquet folder per table, reports the rows it wrote, and continues ids on the next run', async () => {
    const out = await tempDir();
    const args = ['generate', 'ecommerce', '--rows', '3000', '--seed', '7', '--end', END, '--out', out, '--json'];
    const first = floe(args);
    expect(first.code, first.stderr).toBe(0);
    const firstReport = report.parse(JSON.parse(first.stdout));
    expect(firstReport.tables.map((t) => t.table).sort()).toEqual(['customers', 'order_items', 'orders', 'products']);
    expect((await readdir(out)).sort()).toEqual(
      expect.arrayContaining(['customers', 'order_items', 'orders', 'products']),
    );
    const orders = firstReport.tables.find((t) => t.table === 'orders');
    expect(orders?.rows).toBe(3000);
    const afterFirst = await parquetStats(join(out, 'orders/*.parquet'));
    expect(afterFirst.rows).toBe(3000);

    const second = floe(args);
    expect(second.code, second.stderr).toBe(0);
    const afterSecond = await parquetStats(join(out, 'orders/*.parquet'));
    expect(afterSecond.rows).toBe(6000);
    // The second batch continues the id sequence: no id is used twice.
    expect(afterSecond.minId).toBe(afterFirst.minId);
    expect(afterSecond.maxId - afterSecond.minId + 1).toBe(6000);
  });

  it('appends to the bronze Iceberg tables of the compiled configuration, one snapshot per table', async () => {
    const project = await tempDir();
    await cp(join(repoRoot, 'demo/floe.yaml'), join(project, 'floe.yaml'));
    await cp(join(repoRoot, 'demo/platform'), join(project, 'platform'), { recursive: true });
    const result = floe(['generate', 'ecommerce', '--project', project, '--rows', '400', '--end', END, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const parsed = report.parse(JSON.parse(result.stdout));
    expect(parsed.target).toBe('iceberg');
    for (const table of parsed.tables) {
      expect(table.identifier).toBe(`bronze.raw_${table.table}`);
      expect(table.snapshot_id).toMatch(/^\d+$/);
    }
    const listed = floe(['tables', 'list', '--project', project, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const tables = z
      .object({ tables: z.array(z.object({ table: z.string(), records: z.number() })) })
      .parse(JSON.parse(listed.stdout)).tables;
    // The demo source plants duplicate defects, so the table holds what generate reported, at least the rows asked.
    const reportedOrders = parsed.tables.find((t) => t.table === 'orders')?.rows ?? 0;
    expect(reportedOrders).toBeGreaterThanOrEqual(400);
    expect(tables.find((t) => t.table === 'bronze.raw_orders')?.records).toBe(reportedOrders);
  });

  it('--bronze-views: after the append, the dbt warehouse reads bronze at the new snapshot through DuckDB views', async () => {
    const project = await tempDir();
    await cp(join(repoRoot, 'demo/floe.yaml'), join(project, 'floe.yaml'));
    await cp(join(repoRoot, 'demo/platform'), join(project, 'platform'), { recursive: true });
    const args = ['generate', 'ecommerce', '--project', project, '--rows', '300', '--end', END, '--bronze-views'];
    const views = z.object({
      tables: z.array(z.object({ table: z.string(), snapshot_id: z.string() })),
      views: z.array(z.object({ view: z.string(), snapshot_id: z.string(), rows: z.number() })),
    });
    const first = views.parse(JSON.parse(floe([...args, '--json']).stdout));
    const second = views.parse(JSON.parse(floe([...args, '--json']).stdout));
    const secondOrders = second.tables.find((t) => t.table === 'orders');
    const view = second.views.find((v) => v.view === 'bronze.raw_orders');
    expect(view?.snapshot_id).toBe(secondOrders?.snapshot_id);
    expect(view?.snapshot_id).not.toBe(first.views.find((v) => v.view === 'bronze.raw_orders')?.snapshot_id);
    // The view is what dbt reads: it holds both batches.
    const instance = await DuckDBInstance.create(join(project, 'warehouse', 'floe.duckdb'), {
      access_mode: 'READ_ONLY',
    });
    const connection = await instance.connect();
    try {
      const rows = Number((await connection.runAndReadAll('SELECT count(*) FROM bronze.raw_orders')).getRows()[0]?.[0]);
      expect(rows).toBe(view?.rows);
      expect(rows).toBeGreaterThanOrEqual(600);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('refuses bad input with exit 2, a message naming the flag and a hint, and no stack trace', () => {
    const viewsOnFiles = floe(['generate', 'ecommerce', '--rows', '10', '--out', tmpdir(), '--bronze-views']);
    expect(viewsOnFiles.code).toBe(2);
    expect(viewsOnFiles.stderr).toContain('--bronze-views');
    expect(viewsOnFiles.stderr).toContain('hint:');

    const badDefects = floe(['generate', 'ecommerce', '--rows', '10', '--defects', 'nulls=2', '--out', tmpdir()]);
    expect(badDefects.code).toBe(2);
    expect(badDefects.stderr).toContain('--defects');
    expect(badDefects.stderr).toContain('hint:');
    expect(badDefects.stderr).not.toMatch(/\n\s+at /);

    const badDataset = floe(['generate', 'no-such-dataset', '--out', tmpdir()]);
    expect(badDataset.code).toBe(2);
    expect(badDataset.stderr).toContain('unknown dataset');
  });
});
