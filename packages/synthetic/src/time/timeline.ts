import type { Random } from '../random/prng.js';
import { normalizePattern, patternWeight, type TemporalPattern } from './pattern.js';
import { LocalClock } from './timezone.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Upper bound on buckets: a year at 5-minute resolution, so memory stays small for any window. */
const MAX_BUCKETS = 110_000;

/**
 * A time window cut into buckets (1 minute, or coarser for long windows) weighted by a temporal
 * pattern in a time zone. It answers how many events a rate produces in the window and hands out
 * sorted event times that follow the pattern.
 */
export class Timeline {
  readonly startMs: number;
  readonly endMs: number;
  readonly bucketMs: number;
  /** Cumulative share of the window's weight at the end of each bucket (last = 1). */
  private readonly cumulative: Float64Array;
  /** Sum of weight × hours over the window: the expected event count at a rate of 1 per hour. */
  readonly weightedHours: number;

  constructor(startMs: number, endMs: number, pattern: TemporalPattern, timeZone: string) {
    if (!(endMs > startMs)) throw new Error(`empty time window ${startMs}..${endMs}`);
    this.startMs = startMs;
    this.endMs = endMs;
    const span = endMs - startMs;
    let bucketMs = MINUTE_MS;
    while (span / bucketMs > MAX_BUCKETS) bucketMs *= 5;
    this.bucketMs = bucketMs;
    const count = Math.ceil(span / bucketMs);
    const normalized = normalizePattern(pattern);
    const clock = new LocalClock(timeZone);
    const cumulative = new Float64Array(count);
    let acc = 0;
    for (let b = 0; b < count; b++) {
      const from = startMs + b * bucketMs;
      const to = Math.min(endMs, from + bucketMs);
      const { minuteOfDay, weekday } = clock.local((from + to) / 2);
      acc += patternWeight(normalized, minuteOfDay, weekday) * ((to - from) / HOUR_MS);
      cumulative[b] = acc;
    }
    this.weightedHours = acc;
    for (let b = 0; b < count; b++) cumulative[b] = cumulative[b]! / acc;
    cumulative[count - 1] = 1;
    this.cumulative = cumulative;
  }

  /** Event count for an average rate per hour: Poisson-like noise around the pattern's expectation. */
  countFor(ratePerHour: number, rng: Random): number {
    const expected = ratePerHour * this.weightedHours;
    return Math.max(0, Math.round(expected + Math.sqrt(expected) * rng.gaussian()));
  }

  /** A sampler of `n` event times, returned in increasing order, distributed by the pattern. */
  sampler(n: number, rng: Random): TimeSampler {
    return new TimeSampler(this, this.cumulative, n, rng);
  }
}

/**
 * Stratified inverse-CDF sampling: the i-th of n events falls at quantile (i + jitter) / n, so
 * times come out sorted in one pass over the buckets, at O(1) per event, whatever the window size.
 */
export class TimeSampler {
  private i = 0;
  private bucket = 0;

  constructor(
    private readonly timeline: Timeline,
    private readonly cumulative: Float64Array,
    private readonly n: number,
    private readonly rng: Random,
  ) {}

  get remaining(): number {
    return this.n - this.i;
  }

  /** Writes the next `n` event times (epoch ms, ascending) into `out[0..n)`. */
  fill(out: Float64Array, n: number): void {
    const cum = this.cumulative;
    const last = cum.length - 1;
    const { startMs, endMs, bucketMs } = this.timeline;
    const total = this.n;
    let b = this.bucket;
    for (let k = 0; k < n; k++) {
      const u = (this.i + k + this.rng.next()) / total;
      while (b < last && cum[b]! <= u) b++;
      const lo = b === 0 ? 0 : cum[b - 1]!;
      const hi = cum[b]!;
      const frac = hi > lo ? (u - lo) / (hi - lo) : 0;
      out[k] = Math.min(endMs - 1, Math.floor(startMs + (b + frac) * bucketMs));
    }
    this.i += n;
    this.bucket = b;
  }

  /** Next event time in epoch ms (integer). */
  next(): number {
    const u = (this.i + this.rng.next()) / this.n;
    this.i++;
    const cum = this.cumulative;
    const last = cum.length - 1;
    let b = this.bucket;
    while (b < last && cum[b]! <= u) b++;
    this.bucket = b;
    const lo = b === 0 ? 0 : cum[b - 1]!;
    const hi = cum[b]!;
    const frac = hi > lo ? (u - lo) / (hi - lo) : 0;
    const t = this.timeline.startMs + (b + frac) * this.timeline.bucketMs;
    return Math.min(this.timeline.endMs - 1, Math.floor(t));
  }
}
