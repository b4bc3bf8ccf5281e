import type { TableSpec } from '../columns/schema.js';
import type { DefectOptions } from '../defects/options.js';
import { hashId, Random, splitmix32 } from '../random/prng.js';
import { type DatasetState, initialState } from '../state.js';
import type { TemporalPattern } from '../time/pattern.js';
import { Timeline, type TimeSampler } from '../time/timeline.js';
import { type RunOptions, resolveWindow, type TimeWindow } from './dataset.js';

/** What every dataset run starts from, whatever the dataset. */
export interface RunPlan<K extends string> {
  readonly state: DatasetState;
  readonly window: TimeWindow;
  /** Mixed into every random stream and defect planter: a later run draws new numbers. */
  readonly runKey: number;
  /** One stream per purpose, so each column's draws depend only on row order. */
  readonly rng: Record<K, Random>;
  /** Primary rows this run generates (before duplicates). */
  readonly plannedRows: number;
  /** Times of the primary rows (null when the run generates none). */
  readonly sampler: TimeSampler | null;
}

export interface RunPlanSpec<K extends string> {
  readonly dataset: string;
  readonly tables: readonly TableSpec[];
  /** The table whose rows `--rows` counts; its next id keys the run. */
  readonly primary: string;
  readonly runSalt: number;
  readonly pattern: TemporalPattern;
  /** Stream purposes (distinct numbers); `time` draws the primary rows' times, `count` their number. */
  readonly streams: Record<K | 'time' | 'count', number>;
}

/**
 * Starts a run from the previous state (or none): its window, its random streams (same seed and same starting state
 * give the same draws), and how many primary rows it generates at which times.
 */
export function planRun<K extends string>(
  options: RunOptions,
  previous: DatasetState | null,
  spec: RunPlanSpec<K>,
): RunPlan<K | 'time' | 'count'> {
  const state =
    previous ??
    initialState(
      spec.dataset,
      spec.tables.map((t) => t.name),
    );
  const window = resolveWindow(options, state.watermark);
  const runKey = splitmix32(state.runs) ^ hashId(state.nextIds[spec.primary] ?? 1, spec.runSalt);
  const rng = Object.fromEntries(
    Object.entries<number>(spec.streams).map(([k, v]) => [k, new Random(options.seed, splitmix32(v ^ runKey))]),
  ) as Record<K | 'time' | 'count', Random>;
  const timeline = new Timeline(window.startMs, window.endMs, options.pattern ?? spec.pattern, options.timeZone);
  const plannedRows =
    options.mode === 'burst' ? options.rows : Math.min(options.rows, timeline.countFor(options.ratePerHour, rng.count));
  const sampler = plannedRows > 0 ? timeline.sampler(plannedRows, rng.time) : null;
  return { state, window, runKey, rng, plannedRows, sampler };
}

/**
 * Late arrivals: a `defects.late` share of the first `n` times moves before the window start, by between
 * `lateMinMs` and `lateMaxMs`. Two draws per row from `r` whenever late rows are on, late or not.
 */
export function applyLateArrivals(times: Float64Array, n: number, defects: DefectOptions, startMs: number, r: Random) {
  const { late, lateMinMs, lateMaxMs } = defects;
  if (late <= 0) return;
  for (let i = 0; i < n; i++) {
    const u = r.next();
    const v = r.next();
    if (u < late) times[i] = startMs - lateMinMs - Math.floor(v * (lateMaxMs - lateMinMs));
  }
}

/** An id in [1, n] skewed to the earliest (popular products, loyal customers): 1 + floor(n × u^1.5). */
export function skewedId(n: number, u: number): number {
  return 1 + Math.floor(n * u * Math.sqrt(u));
}

/**
 * Who acts next: 0 for someone new (likely while few are known: max(floor, half / (known + half))), else one of the
 * `known`, skewed to the earliest.
 */
export function repeatOrNew(r: Random, known: number, floor: number, half: number): number {
  if (known === 0 || r.next() < Math.max(floor, half / (known + half))) return 0;
  return skewedId(known, r.next());
}
