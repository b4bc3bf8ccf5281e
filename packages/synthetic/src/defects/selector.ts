import type { Random } from '../random/prng.js';

/**
 * Selects rows independently with probability p over a stream of row numbers that spans chunks:
 * the next selected row is drawn ahead (geometric skip), so the selection does not depend on how
 * the stream is cut into chunks, and costs one draw per selected row.
 */
export class RowSelector {
  private nextRow: number;

  constructor(
    private readonly p: number,
    private readonly rng: Random,
  ) {
    this.nextRow = this.skip(0);
  }

  private skip(from: number): number {
    if (this.p <= 0) return Number.POSITIVE_INFINITY;
    if (this.p >= 1) return from;
    return from + Math.floor(Math.log(1 - this.rng.next()) / Math.log(1 - this.p));
  }

  /** Calls `select(row)` for each selected row in [from, to) (global row numbers, ascending calls). */
  forEach(from: number, to: number, select: (row: number) => void): void {
    while (this.nextRow < from) this.nextRow = this.skip(this.nextRow + 1);
    while (this.nextRow < to) {
      select(this.nextRow);
      this.nextRow = this.skip(this.nextRow + 1);
    }
  }
}
