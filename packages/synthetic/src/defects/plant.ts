import type { TableBatch } from '../columns/batch.js';
import { columnIndex, type TableSpec } from '../columns/schema.js';
import { Random, splitmix32 } from '../random/prng.js';
import type { DefectOptions } from './options.js';
import { RowSelector } from './selector.js';

/**
 * Plants nulls into the chosen columns of one table. Rows are counted across chunks, so the
 * result is independent of chunking.
 */
export class NullPlanter {
  private readonly targets: { column: number; selector: RowSelector }[];
  private rows = 0;

  constructor(table: TableSpec, columns: readonly string[], p: number, seed: number, stream: number) {
    this.targets = columns.map((name, i) => ({
      column: columnIndex(table, name),
      selector: new RowSelector(p, new Random(seed, stream + i * 7919)),
    }));
  }

  /** Plants into the batch rows [0, count) (the rows generated in this chunk, before duplicates). */
  plant(batch: TableBatch, count: number): void {
    const base = this.rows;
    for (const { column, selector } of this.targets) {
      selector.forEach(base, base + count, (row) => batch.setNull(column, row - base));
    }
    this.rows += count;
  }
}

/**
 * Appends duplicates of generated rows to a batch: exact copies, and near copies that `mutate`
 * alters slightly (the id stays the same, as when a source system re-sends a changed record).
 */
export class DuplicatePlanter {
  private readonly selector: RowSelector;
  private readonly kind: Random;
  private rows = 0;

  constructor(
    private readonly exact: number,
    private readonly near: number,
    seed: number,
    stream: number,
    private readonly mutate: (batch: TableBatch, row: number, rng: Random) => void,
  ) {
    this.selector = new RowSelector(exact + near, new Random(seed, stream));
    this.kind = new Random(seed, stream + 1);
  }

  /** Expected room a batch needs per generated row (batches grow beyond it when needed). */
  static factor(defects: DefectOptions): number {
    return 1 + Math.min(1, defects.exactDuplicates + defects.nearDuplicates) * 1.2;
  }

  /** Duplicates among batch rows [0, count), appended after `batch.length`. */
  plant(batch: TableBatch, count: number): void {
    const base = this.rows;
    const p = this.exact + this.near;
    this.selector.forEach(base, base + count, (row) => {
      const target = batch.length;
      batch.ensureCapacity(target + 1);
      batch.copyRow(row - base, target);
      batch.length++;
      if (this.kind.next() * p >= this.exact) this.mutate(batch, target, this.kind);
    });
    this.rows += count;
  }
}

/** Splits `table.column` names into the columns of one table. */
export function nullColumnsFor(table: string, qualified: readonly string[]): string[] {
  return qualified.filter((q) => q.startsWith(`${table}.`)).map((q) => q.slice(table.length + 1));
}

/**
 * One NullPlanter per batch, in order: batch i draws from stream `splitmix32(salt + i) ^ runKey`, so each dataset
 * keeps its own streams by passing its own salt.
 */
export function nullPlanters(
  batches: readonly TableBatch[],
  defects: DefectOptions,
  seed: number,
  salt: number,
  runKey: number,
): NullPlanter[] {
  return batches.map(
    (b, i) =>
      new NullPlanter(
        b.table,
        nullColumnsFor(b.table.name, defects.nullColumns),
        defects.nulls,
        seed,
        splitmix32(salt + i) ^ runKey,
      ),
  );
}
