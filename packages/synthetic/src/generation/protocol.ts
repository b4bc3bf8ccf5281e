import { TableBatch } from '../columns/batch.js';
import type { TableSpec } from '../columns/schema.js';
import type { RunOptions, TimeWindow } from '../datasets/dataset.js';
import type { DatasetState } from '../state.js';

/** What the generation worker is started with. */
export interface WorkerInput {
  readonly dataset: string;
  readonly options: RunOptions;
  readonly state: DatasetState | null;
}

export interface SerializedBatch {
  readonly table: string;
  readonly length: number;
  readonly columns: (Float64Array | Int32Array | Uint8Array | string[])[];
  readonly nulls: (Uint8Array | null)[];
  readonly hasNulls: boolean[];
}

export type WorkerMessage =
  | { readonly type: 'init'; readonly window: TimeWindow; readonly plannedRows: number }
  | { readonly type: 'chunk'; readonly batches: SerializedBatch[] }
  | { readonly type: 'done'; readonly state: DatasetState };

/** Copies the used part of a batch into fresh arrays (the generator reuses its own) and lists their buffers. */
export function serializeBatch(batch: TableBatch): { batch: SerializedBatch; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const columns = batch.columns.map((data) => {
    if (Array.isArray(data)) return data.slice(0, batch.length);
    const copy = data.slice(0, batch.length);
    transfer.push(copy.buffer as ArrayBuffer);
    return copy;
  });
  const nulls = batch.nulls.map((flags, c) => {
    if (!flags || !batch.hasNulls[c]) return null;
    const copy = flags.slice(0, batch.length);
    transfer.push(copy.buffer as ArrayBuffer);
    return copy;
  });
  return {
    batch: { table: batch.table.name, length: batch.length, columns, nulls, hasNulls: [...batch.hasNulls] },
    transfer,
  };
}

export function deserializeBatch(spec: TableSpec, s: SerializedBatch): TableBatch {
  return TableBatch.fromColumns(spec, s.length, s.columns, s.nulls, s.hasNulls);
}
