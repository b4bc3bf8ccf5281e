import { describe, expect, it } from 'vitest';
import { ecommerce } from '../src/datasets/ecommerce/index.js';
import { parseDefects } from '../src/defects/options.js';
import { collect } from './helpers.js';

/** |observed − expected| within 5 standard deviations of a binomial count. */
function expectRate(count: number, trials: number, p: number): void {
  const sd = Math.sqrt(trials * p * (1 - p));
  expect(Math.abs(count - trials * p)).toBeLessThanOrEqual(5 * sd + 1);
}

describe('data-quality defects', () => {
  const rows = 120_000;
  const defects = parseDefects('nulls=0.03,exact_duplicates=0.02,near_duplicates=0.01,late=0.05', [
    'orders.channel',
    'orders.region',
    'customers.email',
  ]);
  const { tables, window } = collect(ecommerce, { rows, defects, seed: 11, chunkRows: 10_000 });
  const orders = tables.get('orders')!;

  it('plants nulls in the chosen columns at the requested rate, and nowhere else', () => {
    const base = orders.order_id!.length;
    const nullsIn = (col: (number | string | null)[]) => col.filter((v) => v === null).length;
    expectRate(nullsIn(orders.channel!), base, 0.03);
    expectRate(nullsIn(orders.region!), base, 0.03);
    const emails = tables.get('customers')!.email!;
    expectRate(nullsIn(emails), emails.length, 0.03);
    expect(nullsIn(orders.status!)).toBe(0);
    expect(nullsIn(orders.customer_id!)).toBe(0);
    expect(nullsIn(tables.get('order_items')!.product_id!)).toBe(0);
  });

  it('emits exact and near duplicates of orders at the requested rates', () => {
    const byId = new Map<number, number[]>();
    orders.order_id!.forEach((id, row) => {
      const list = byId.get(id as number) ?? [];
      list.push(row);
      byId.set(id as number, list);
    });
    expect(byId.size).toBe(rows);
    let exact = 0;
    let near = 0;
    for (const list of byId.values()) {
      if (list.length === 1) continue;
      expect(list.length).toBe(2);
      const [a, b] = list as [number, number];
      const same = Object.values(orders).every((col) => col[a] === col[b]);
      if (same) exact++;
      else {
        near++;
        // A near duplicate: same order and amount, event time a little later.
        expect(orders.order_total![b]).toBe(orders.order_total![a]);
        const shift = (orders.ordered_at![b] as number) - (orders.ordered_at![a] as number);
        expect(shift).toBeGreaterThanOrEqual(1000);
        expect(shift).toBeLessThanOrEqual(120_000);
      }
    }
    expectRate(exact, rows, 0.02);
    expectRate(near, rows, 0.01);
  });

  it('makes a share of orders late: event time before the batch window', () => {
    const seen = new Set<number>();
    let late = 0;
    orders.order_id!.forEach((id, row) => {
      if (seen.has(id as number)) return;
      seen.add(id as number);
      const t = orders.ordered_at![row] as number;
      if (t < window.startMs) {
        late++;
        expect(t).toBeGreaterThanOrEqual(window.startMs - 3 * 86_400_000);
        expect(t).toBeLessThanOrEqual(window.startMs - 3_600_000);
      }
    });
    expectRate(late, rows, 0.05);
  });

  it('has no marker column: defect rows look like ordinary rows', () => {
    expect(Object.keys(orders)).toEqual([
      'order_id',
      'customer_id',
      'ordered_at',
      'region',
      'channel',
      'status',
      'order_total',
      'ingested_at',
    ]);
  });

  it('plants nothing without defects', () => {
    const clean = collect(ecommerce, { rows: 20_000, seed: 11 }).tables.get('orders')!;
    expect(new Set(clean.order_id).size).toBe(clean.order_id!.length);
    expect(clean.channel!.includes(null)).toBe(false);
  });
});

describe('parseDefects', () => {
  it('reads key=rate pairs and splits duplicates into exact and near', () => {
    const d = parseDefects('nulls=0.02,duplicates=0.01,late=0.05');
    expect(d).toMatchObject({ nulls: 0.02, exactDuplicates: 0.005, nearDuplicates: 0.005, late: 0.05 });
  });

  it('rejects unknown keys and rates outside [0, 1] with a usable message', () => {
    expect(() => parseDefects('nuls=0.1')).toThrow(/invalid --defects entry "nuls=0.1"/);
    expect(() => parseDefects('late=1.5')).toThrow(/invalid --defects entry/);
    expect(() => parseDefects('late')).toThrow(/invalid --defects entry/);
  });
});
