import type { TableSpec } from '../columns/schema.js';
import type { Dataset } from '../datasets/dataset.js';
import type { DatasetState } from '../state.js';
import type { FileTarget, WrittenFile } from './duckdb/writer.js';

/** What a sink reports per table after a run. */
export interface TableOutcome {
  readonly table: string;
  readonly rows: number;
  readonly files: number;
  readonly bytes: number;
  /** Iceberg: the snapshot this run committed. */
  readonly snapshotId?: string;
}

/**
 * Where generated data goes. A run asks the sink for the state to continue from, writes files
 * where the sink says, and hands them back to `commit`, which makes them visible (and the new
 * state durable) in one step per table.
 */
export interface Sink {
  readonly kind: string;
  /** Human-readable location (a directory, a catalog namespace). */
  readonly location: string;
  readState(dataset: Dataset): Promise<DatasetState | null>;
  /** Prepares the destination (directories, tables) for the run's tables. */
  prepare(dataset: Dataset, tables: readonly TableSpec[]): Promise<void>;
  /** Where the `part`-th file of a table in this run goes. */
  target(table: TableSpec, run: number, part: number): FileTarget;
  commit(dataset: Dataset, files: readonly WrittenFile[], state: DatasetState): Promise<TableOutcome[]>;
  /** Removes files of a failed run that were never committed. */
  abort(files: readonly WrittenFile[]): Promise<void>;
}

/** Sums written files per table (tables without files get zeros). */
export function summarize(tables: readonly TableSpec[], files: readonly WrittenFile[]): TableOutcome[] {
  return tables.map((t) => {
    const mine = files.filter((f) => f.table === t.name);
    return {
      table: t.name,
      rows: mine.reduce((s, f) => s + f.rows, 0),
      files: mine.length,
      bytes: mine.reduce((s, f) => s + f.bytes, 0),
    };
  });
}
