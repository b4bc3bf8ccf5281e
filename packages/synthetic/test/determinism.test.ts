import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDefects } from '../src/defects/options.js';
import { generate } from '../src/generate.js';
import type { GenerateOptions } from '../src/options.js';
import { FileSink } from '../src/sinks/files.js';
import { duck, END, tempDir } from './helpers.js';

type Duck = Awaited<ReturnType<typeof duck>>;
const TABLES = ['customers', 'products', 'orders', 'order_items'];

describe('determinism (content hashes computed by DuckDB over the written files)', () => {
  let db: Duck;
  let root: string;
  let cleanup: () => Promise<void>;
  let n = 0;

  beforeAll(async () => {
    ({ dir: root, cleanup } = await tempDir());
    db = await duck();
  });
  afterAll(async () => {
    db?.close();
    await cleanup?.();
  });

  const defects = parseDefects('nulls=0.02,duplicates=0.02,late=0.03');

  /** Runs `options` one or more times into a fresh directory; returns per-table content hashes. */
  async function hashes(format: 'parquet' | 'csv', ...runs: GenerateOptions[]): Promise<Record<string, string>> {
    const dir = `${root}/${n++}`;
    const sink = new FileSink(dir, format);
    for (const options of runs) await generate({ dataset: 'ecommerce', sink, options, rowsPerFile: 7_000 });
    const out: Record<string, string> = {};
    for (const t of TABLES) {
      const source = format === 'parquet' ? `read_parquet('${dir}/${t}/*.parquet')` : `read_csv('${dir}/${t}/*.csv')`;
      const { h } = await db.one(
        `SELECT md5(string_agg(CAST(x AS VARCHAR), '|' ORDER BY CAST(x AS VARCHAR))) AS h FROM ${source} x`,
      );
      out[t] = h as string;
    }
    return out;
  }

  const base: GenerateOptions = { rows: 15_000, seed: 1234, endMs: END, defects, timeZone: 'Europe/Paris' };

  it('same seed, options and starting state → identical rows, however the run is chunked', async () => {
    const a = await hashes('parquet', base);
    const b = await hashes('parquet', base);
    const c = await hashes('parquet', { ...base, chunkRows: 2_500 });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('another seed → different rows', async () => {
    const a = await hashes('parquet', base);
    const other = await hashes('parquet', { ...base, seed: 1235 });
    for (const t of ['customers', 'orders', 'order_items']) expect(other[t]).not.toBe(a[t]);
  });

  it('incremental runs are reproducible too, and a second run differs from the first', async () => {
    const later = { ...base, endMs: END + 3_600_000 };
    const a = await hashes('parquet', base, later);
    const b = await hashes('parquet', base, later);
    expect(b).toEqual(a);
    const once = await hashes('parquet', base);
    expect(a.orders).not.toBe(once.orders);
  });

  it('CSV and JSONL output hold the same rows as Parquet', async () => {
    const sums: Record<string, unknown>[] = [];
    for (const format of ['parquet', 'csv', 'jsonl'] as const) {
      const dir = `${root}/${n++}`;
      await generate({
        dataset: 'ecommerce',
        sink: new FileSink(dir, format),
        options: { ...base, defects: undefined },
      });
      const ext = format === 'jsonl' ? 'jsonl' : format;
      const reader = { parquet: 'read_parquet', csv: 'read_csv', jsonl: 'read_json' }[format];
      sums.push(
        await db.one(`SELECT count(*)::INTEGER AS n, sum(order_id)::BIGINT AS ids, sum(CAST(order_total AS DECIMAL(18,2)))::VARCHAR AS total,
          max(epoch_ms(CAST(ordered_at AS TIMESTAMPTZ)))::BIGINT AS last, string_agg(DISTINCT status, ',' ORDER BY status) AS statuses
          FROM ${reader}('${dir}/orders/*.${ext}')`),
      );
    }
    expect(sums[0]!.n).toBe(15_000);
    expect(sums[1]).toEqual(sums[0]);
    expect(sums[2]).toEqual(sums[0]);
  });
});

describe('generation in a worker thread', () => {
  it('writes exactly the rows of in-thread generation', async () => {
    const { dir: root, cleanup } = await tempDir();
    const db = await duck();
    try {
      const options: GenerateOptions = {
        rows: 12_000,
        seed: 99,
        endMs: END,
        defects: parseDefects('nulls=0.02,duplicates=0.02,late=0.02'),
      };
      const hashes: Record<string, unknown>[] = [];
      for (const worker of [false, true]) {
        const dir = `${root}/${worker}`;
        await generate({
          dataset: 'ecommerce',
          sink: new FileSink(dir, 'parquet'),
          options,
          rowsPerFile: 5_000,
          worker,
        });
        hashes.push(
          await db.one(`SELECT
            (SELECT md5(string_agg(CAST(x AS VARCHAR), '|' ORDER BY CAST(x AS VARCHAR))) FROM read_parquet('${dir}/orders/*.parquet') x) AS orders,
            (SELECT md5(string_agg(CAST(x AS VARCHAR), '|' ORDER BY CAST(x AS VARCHAR))) FROM read_parquet('${dir}/order_items/*.parquet') x) AS items,
            (SELECT md5(string_agg(CAST(x AS VARCHAR), '|' ORDER BY CAST(x AS VARCHAR))) FROM read_parquet('${dir}/customers/*.parquet') x) AS customers,
            (SELECT count(*) FROM read_parquet('${dir}/orders/*.parquet'))::INTEGER AS files_rows`),
        );
      }
      expect(hashes[0]!.files_rows as number).toBeGreaterThan(12_000);
      expect(hashes[1]).toEqual(hashes[0]);
    } finally {
      db.close();
      await cleanup();
    }
  });
});
