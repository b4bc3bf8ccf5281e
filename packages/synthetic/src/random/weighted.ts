/**
 * Weighted choice among a small fixed set of codes. Thresholds are precomputed once, so a pick
 * is a short scan over a Float64Array (the sets here have at most a few dozen members).
 */
export class WeightedChoice {
  private readonly thresholds: Float64Array;
  readonly size: number;

  constructor(weights: readonly number[]) {
    if (weights.length === 0) throw new Error('WeightedChoice needs at least one weight');
    const total = weights.reduce((sum, w) => sum + w, 0);
    if (!(total > 0)) throw new Error('WeightedChoice needs a positive total weight');
    this.size = weights.length;
    this.thresholds = new Float64Array(weights.length);
    let acc = 0;
    for (let i = 0; i < weights.length; i++) {
      acc += (weights[i] ?? 0) / total;
      this.thresholds[i] = acc;
    }
    this.thresholds[weights.length - 1] = 1;
  }

  /** Maps a uniform u in [0, 1) to a code in [0, size). */
  pick(u: number): number {
    const t = this.thresholds;
    let i = 0;
    while (u >= t[i]!) i++;
    return i;
  }
}

/** Builds a WeightedChoice from a record of name → weight, keeping the names in order. */
export function weightedNames<T extends string>(
  table: Readonly<Record<T, number>>,
): { names: T[]; choice: WeightedChoice } {
  const names = Object.keys(table) as T[];
  return { names, choice: new WeightedChoice(names.map((n) => table[n])) };
}
