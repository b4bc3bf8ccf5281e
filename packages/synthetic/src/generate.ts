import type { Dataset } from './datasets/dataset.js';
import { datasetByName } from './datasets/registry.js';
import { inlineSource, workerSource, workerSupported } from './generation/source.js';
import { type GenerateOptions, resolveRunOptions } from './options.js';
import { ColumnarWriter, type FileTarget, type WriterOptions, type WrittenFile } from './sinks/duckdb/writer.js';
import type { Sink, TableOutcome } from './sinks/sink.js';
import type { DatasetState } from './state.js';

export const DEFAULT_ROWS_PER_FILE = 524_288;

export interface GenerateRequest {
  /** Dataset name (`ecommerce`, `saas`) or a Dataset. */
  readonly dataset: string | Dataset;
  readonly sink: Sink;
  readonly options?: GenerateOptions;
  /** Primary rows per output file (other tables' files cover the same rows). */
  readonly rowsPerFile?: number;
  readonly writer?: WriterOptions;
  /** Called after each chunk with the primary rows done so far. */
  readonly onProgress?: (done: number, planned: number) => void;
  /** Clock for the default window end (tests). */
  readonly now?: number;
  /**
   * Generate in a worker thread while this thread writes (default: when the generator module can
   * be loaded in a worker). Output is identical either way.
   */
  readonly worker?: boolean;
}

export interface GenerateResult {
  readonly dataset: string;
  readonly sink: string;
  readonly location: string;
  readonly mode: 'burst' | 'realistic';
  readonly seed: number;
  readonly window: { readonly start: string; readonly end: string };
  readonly tables: TableOutcome[];
  readonly state: DatasetState;
  readonly timings: { readonly generateMs: number; readonly commitMs: number; readonly totalMs: number };
}

/**
 * Runs one generation: reads where the target stopped, generates the next rows chunk by chunk,
 * streams them into files through DuckDB and commits them. Memory is bounded by the chunk size
 * and one segment of `rowsPerFile` primary rows (plus their related rows), whatever the total.
 */
export async function generate(request: GenerateRequest): Promise<GenerateResult> {
  const started = performance.now();
  const dataset = typeof request.dataset === 'string' ? datasetByName(request.dataset) : request.dataset;
  const rowsPerFile = Math.max(1, request.rowsPerFile ?? DEFAULT_ROWS_PER_FILE);
  const resolved = resolveRunOptions(dataset, request.options ?? {}, request.now);
  // One chunk per file, written in place (the rows generated do not depend on the chunk size).
  const options = { ...resolved, chunkRows: rowsPerFile };
  const sink = request.sink;
  const previous = await sink.readState(dataset);
  const run =
    (request.worker ?? workerSupported())
      ? await workerSource(dataset, options, previous)
      : inlineSource(dataset, options, previous);
  const runNumber = previous?.runs ?? 0;
  let writer: ColumnarWriter;
  try {
    await sink.prepare(dataset, run.tables);
    writer = await ColumnarWriter.create(run.tables, request.writer);
  } catch (error) {
    await run.close();
    throw error;
  }
  let part = 0;
  const targets = (): Map<string, FileTarget> => {
    const p = part++;
    return new Map(run.tables.map((t) => [t.name, sink.target(t, runNumber, p)]));
  };
  let files: WrittenFile[];
  try {
    let done = 0;
    for (let chunk = await run.next(); chunk; chunk = await run.next()) {
      await writer.write(chunk, targets());
      done += chunk.get(dataset.primary)?.length ?? 0;
      request.onProgress?.(Math.min(done, run.plannedRows), run.plannedRows);
    }
    files = writer.files();
  } catch (error) {
    await sink.abort(writer.files());
    throw error;
  } finally {
    writer.close();
    await run.close();
  }
  const generated = performance.now();
  const state = run.finalState();
  const tables = await sink.commit(dataset, files, state);
  const finished = performance.now();
  return {
    dataset: dataset.name,
    sink: sink.kind,
    location: sink.location,
    mode: options.mode,
    seed: options.seed,
    window: { start: new Date(run.window.startMs).toISOString(), end: new Date(run.window.endMs).toISOString() },
    tables,
    state,
    timings: {
      generateMs: Math.round(generated - started),
      commitMs: Math.round(finished - generated),
      totalMs: Math.round(finished - started),
    },
  };
}
