import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createSqlCatalog, Table, tableIdentifier } from '@floe/iceberg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecommerce } from '../src/datasets/ecommerce/index.js';
import { generate } from '../src/generate.js';
import { IcebergSink, STATE_PROPERTIES } from '../src/sinks/iceberg.js';
import { END, tempDir } from './helpers.js';

const REPO = resolve(import.meta.dirname, '../../..');
const PYTHON = join(REPO, '.venv/bin/python');
const CHECK = join(import.meta.dirname, 'pyiceberg_check.py');

describe('Iceberg sink (real SQLite SQL catalog; PyIceberg reads the result back)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let uri: string;
  let warehouse: string;
  const results: Awaited<ReturnType<typeof generate>>[] = [];

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    uri = `sqlite:///${dir}/catalog.db`;
    warehouse = `file://${dir}/warehouse`;
    // Each run opens its own catalog, as separate `floe generate` invocations would.
    for (const [rows, end, defects] of [
      [6_000, END, undefined],
      [3_000, END + 600_000, { exactDuplicates: 0.01 }],
    ] as const) {
      const catalog = createSqlCatalog({ name: 'floe', uri: `sqlite://${dir}/catalog.db`, warehouse });
      try {
        const sink = new IcebergSink({ catalog, namespace: ['bronze'], tablePrefix: 'raw_' });
        results.push(
          await generate({ dataset: ecommerce, sink, options: { rows, endMs: end, defects }, rowsPerFile: 2_500 }),
        );
      } finally {
        await catalog.close();
      }
    }
  });
  afterAll(async () => cleanup?.());

  it('commits one snapshot per table per run and reports snapshot ids', async () => {
    const catalog = createSqlCatalog({ name: 'floe', uri: `sqlite://${dir}/catalog.db`, warehouse });
    try {
      for (const result of results) {
        expect(result.sink).toBe('iceberg');
        for (const t of result.tables) {
          const table = await Table.load(catalog, tableIdentifier(['bronze'], `raw_${t.table}`));
          if (t.files === 0) {
            // Nothing new for this table in this run (e.g. no product launch): no empty snapshot.
            expect(t.snapshotId).toBeUndefined();
            continue;
          }
          const snapshot = table.snapshots().find((s) => String(s.snapshotId) === t.snapshotId)!;
          expect(snapshot).toBeDefined();
          expect(t.snapshotId).toBe(String(snapshot.snapshotId));
          expect(snapshot.summary[STATE_PROPERTIES.nextId]).toBe(String(result.state.nextIds[t.table]));
        }
      }
      const orders = await Table.load(catalog, tableIdentifier(['bronze'], 'raw_orders'));
      expect(orders.snapshots()).toHaveLength(2);
      expect(results[0]!.tables.find((t) => t.table === 'orders')!.files).toBe(3);
    } finally {
      await catalog.close();
    }
  });

  it('continues from the state recorded in the tables', () => {
    expect(results[1]!.window.start).toBe(results[0]!.window.end);
    expect(results[1]!.state.nextIds.orders).toBe(9_001);
    expect(results[1]!.state.runs).toBe(2);
  });

  it.skipIf(!existsSync(PYTHON))('is readable by PyIceberg with intact keys and totals', async () => {
    const { stdout } = await promisify(execFile)(
      PYTHON,
      [CHECK, JSON.stringify({ catalog: 'floe', uri, warehouse, namespace: 'bronze', prefix: 'raw_' })],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const r = JSON.parse(stdout.trim().split('\n').at(-1)!);
    const orders = results.reduce((s, x) => s + x.tables.find((t) => t.table === 'orders')!.rows, 0);
    expect(r.tables.orders.rows).toBe(orders);
    expect(r.distinct_orders).toBe(9_000);
    expect(r.max_order_id).toBe(9_000);
    expect(r.tables.orders.snapshots).toBe(2);
    expect(r.tables.orders.schema).toEqual({
      order_id: 'long',
      customer_id: 'long',
      ordered_at: 'timestamptz',
      region: 'string',
      channel: 'string',
      status: 'string',
      order_total: 'decimal(9, 2)',
      ingested_at: 'timestamptz',
    });
    expect(r.tables.orders.summary['floe.synthetic.next-id']).toBe('9001');
    expect(r).toMatchObject({
      items_without_order: 0,
      items_without_product: 0,
      orders_without_customer: 0,
      total_mismatches: 0,
    });
    expect(r.statuses.length).toBeGreaterThan(3);
  });
});
