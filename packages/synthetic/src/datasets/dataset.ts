import type { TableBatch } from '../columns/batch.js';
import type { TableSpec } from '../columns/schema.js';
import type { DefectOptions } from '../defects/options.js';
import type { DatasetState } from '../state.js';
import type { TemporalPattern } from '../time/pattern.js';

export type GenerationMode = 'burst' | 'realistic';

/** Fully resolved options of one generation run (the CLI and the API fill defaults first). */
export interface RunOptions {
  /** Any integer in [0, 2^53). */
  readonly seed: number;
  readonly mode: GenerationMode;
  /** burst: number of primary rows (orders, events) to generate; realistic: the most a run generates. */
  readonly rows: number;
  /** Window end in epoch ms (the CLI defaults it to now). */
  readonly endMs: number;
  /** Window length in ms: burst spreads rows over it; realistic generates the rows of this much time. */
  readonly durationMs: number;
  /** realistic: average primary rows per hour (the pattern modulates it). */
  readonly ratePerHour: number;
  readonly timeZone: string;
  readonly defects: DefectOptions;
  /** Override the dataset's temporal pattern. */
  readonly pattern?: TemporalPattern;
  /** Primary rows generated per in-memory chunk (memory, not output, depends on it). */
  readonly chunkRows: number;
}

export interface TimeWindow {
  readonly startMs: number;
  readonly endMs: number;
}

/** One run of a dataset: a stream of chunks, then the state the next run continues from. */
export interface DatasetRun {
  readonly tables: readonly TableSpec[];
  readonly window: TimeWindow;
  /** Primary rows this run will generate (before duplicates). */
  readonly plannedRows: number;
  /**
   * The next chunk: one batch per table (possibly empty), or null when the run is complete.
   * Batches are reused: they are valid until the next call.
   */
  next(): ReadonlyMap<string, TableBatch> | null;
  /** State after the run (valid once `next()` returned null). */
  finalState(): DatasetState;
}

export interface Dataset {
  readonly name: string;
  readonly doc: string;
  readonly tables: readonly TableSpec[];
  /** The table whose rows `--rows` counts. */
  readonly primary: string;
  /** Columns that receive nulls when `--defects nulls=` is given without explicit columns. */
  readonly defaultNullColumns: readonly string[];
  start(options: RunOptions, state: DatasetState | null): DatasetRun;
}

/**
 * The window of a run: it ends at `endMs` and starts `durationMs` earlier, but never before the
 * previous run's watermark (no overlap, no gap when runs follow each other). When the watermark is
 * at or after `endMs`, the window moves past the watermark so that ids and times still advance.
 */
export function resolveWindow(options: RunOptions, watermark: number | null): TimeWindow {
  let startMs = options.endMs - options.durationMs;
  let endMs = options.endMs;
  if (watermark !== null) {
    startMs = Math.max(startMs, watermark);
    if (endMs <= startMs) {
      startMs = watermark;
      endMs = watermark + (options.mode === 'burst' ? Math.min(options.durationMs, 60_000) : options.durationMs);
    }
  }
  return { startMs, endMs };
}
