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

/**
 * ArrayBuffers that travel between the threads and back: the main thread returns the buffers of
 * each chunk it has written, and the worker copies the next chunk into them. No buffer is
 * allocated per chunk in steady state, so memory stays flat however long the run.
 */
export class BufferPool {
  private readonly free: ArrayBuffer[] = [];

  give(buffers: readonly ArrayBuffer[]): void {
    this.free.push(...buffers);
  }

  /** A buffer of at least `bytes` (the smallest pooled one that fits, else a new one with headroom). */
  take(bytes: number): ArrayBuffer {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const size = this.free[i]!.byteLength;
      if (size >= bytes && (best < 0 || size < this.free[best]!.byteLength)) best = i;
    }
    if (best >= 0) return this.free.splice(best, 1)[0]!;
    return new ArrayBuffer(Math.max(64, Math.ceil(bytes * 1.25)));
  }
}

type Typed = Float64Array | Int32Array | Uint8Array;

function copyInto(pool: BufferPool, data: Typed, length: number, transfer: ArrayBuffer[]): Typed {
  const buffer = pool.take(length * data.BYTES_PER_ELEMENT);
  transfer.push(buffer);
  const Ctor = data.constructor as new (buffer: ArrayBuffer, offset: number, length: number) => Typed;
  const view = new Ctor(buffer, 0, length);
  view.set(data.subarray(0, length));
  return view;
}

/** Copies the used part of a batch (the generator reuses its own arrays) into pooled buffers to transfer. */
export function serializeBatch(
  batch: TableBatch,
  pool: BufferPool,
): { batch: SerializedBatch; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const columns = batch.columns.map((data) =>
    Array.isArray(data) ? data.slice(0, batch.length) : copyInto(pool, data, batch.length, transfer),
  );
  const nulls = batch.nulls.map((flags, c) =>
    flags && batch.hasNulls[c] ? (copyInto(pool, flags, batch.length, transfer) as Uint8Array) : null,
  );
  return {
    batch: { table: batch.table.name, length: batch.length, columns, nulls, hasNulls: [...batch.hasNulls] },
    transfer,
  };
}

/** The buffers of a received batch, to hand back to the worker once written. */
export function batchBuffers(batch: TableBatch): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const data of batch.columns) if (!Array.isArray(data)) buffers.push(data.buffer as ArrayBuffer);
  for (const flags of batch.nulls) if (flags) buffers.push(flags.buffer as ArrayBuffer);
  return buffers;
}

export function deserializeBatch(spec: TableSpec, s: SerializedBatch): TableBatch {
  return TableBatch.fromColumns(spec, s.length, s.columns, s.nulls, s.hasNulls);
}
