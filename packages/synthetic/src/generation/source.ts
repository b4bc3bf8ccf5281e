import { Worker } from 'node:worker_threads';
import type { TableBatch } from '../columns/batch.js';
import type { TableSpec } from '../columns/schema.js';
import type { Dataset, RunOptions, TimeWindow } from '../datasets/dataset.js';
import type { DatasetState } from '../state.js';
import { batchBuffers, deserializeBatch, type WorkerInput, type WorkerMessage } from './protocol.js';

/** The chunks of one run, generated in this thread or in a worker thread. */
export interface ChunkSource {
  readonly tables: readonly TableSpec[];
  readonly window: TimeWindow;
  readonly plannedRows: number;
  /** Next chunk (batches valid until the following call), or null at the end. */
  next(): Promise<ReadonlyMap<string, TableBatch> | null>;
  finalState(): DatasetState;
  close(): Promise<void>;
}

export function inlineSource(dataset: Dataset, options: RunOptions, state: DatasetState | null): ChunkSource {
  const run = dataset.start(options, state);
  return {
    tables: run.tables,
    window: run.window,
    plannedRows: run.plannedRows,
    next: async () => run.next(),
    finalState: () => run.finalState(),
    close: async () => {},
  };
}

/**
 * Whether a worker thread can load the generator module: always from the built JavaScript; from
 * TypeScript sources only when a TypeScript loader (tsx) is active, which worker threads inherit.
 */
export function workerSupported(): boolean {
  if (import.meta.url.endsWith('.js')) return true;
  return process.execArgv.some((arg) => arg.includes('tsx'));
}

export async function workerSource(
  dataset: Dataset,
  options: RunOptions,
  state: DatasetState | null,
): Promise<ChunkSource> {
  const input: WorkerInput = { dataset: dataset.name, options, state };
  let worker: Worker;
  if (import.meta.url.endsWith('.ts')) {
    // Running from TypeScript sources (tsx): a worker does not inherit the loader hooks, so it
    // registers tsx itself before importing the worker module.
    const url = new URL('./worker.ts', import.meta.url).href;
    const bootstrap = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(url)}); });`;
    const execArgv = [...process.execArgv.filter((a) => !a.startsWith('--conditions')), '--conditions=floe-source'];
    worker = new Worker(bootstrap, { eval: true, workerData: input, execArgv });
  } else {
    worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: input });
  }
  const queue: WorkerMessage[] = [];
  let waiting: { resolve: (m: WorkerMessage) => void; reject: (e: unknown) => void } | null = null;
  let failure: unknown = null;
  let exited = false;
  const deliver = (message: WorkerMessage) => {
    if (waiting) {
      const w = waiting;
      waiting = null;
      w.resolve(message);
    } else queue.push(message);
  };
  const fail = (error: unknown) => {
    failure ??= error;
    if (waiting) {
      const w = waiting;
      waiting = null;
      w.reject(failure);
    }
  };
  worker.on('message', deliver);
  worker.on('error', fail);
  worker.on('exit', (code) => {
    exited = true;
    if (code !== 0) fail(new Error(`generation worker exited with code ${code}`));
  });
  const receive = (): Promise<WorkerMessage> => {
    const queued = queue.shift();
    if (queued) return Promise.resolve(queued);
    if (failure) return Promise.reject(failure);
    if (exited) return Promise.reject(new Error('generation worker ended early'));
    return new Promise((resolve, reject) => {
      waiting = { resolve, reject };
    });
  };
  const init = await receive();
  if (init.type !== 'init') throw new Error(`generation worker sent ${init.type} before init`);
  const specs = new Map(dataset.tables.map((t) => [t.name, t]));
  let final: DatasetState | null = null;
  let current: TableBatch[] = [];
  let started = false;
  return {
    tables: dataset.tables,
    window: init.window,
    plannedRows: init.plannedRows,
    async next() {
      if (final) return null;
      // The previous chunk is written: its buffers go back to the worker with the credit for the next one.
      const returned = current.flatMap(batchBuffers);
      current = [];
      if (started) worker.postMessage(returned, returned);
      started = true;
      const message = await receive();
      if (message.type === 'done') {
        final = message.state;
        return null;
      }
      if (message.type !== 'chunk') throw new Error(`unexpected ${message.type} from the generation worker`);
      current = message.batches.map((b) => deserializeBatch(specs.get(b.table)!, b));
      return new Map(current.map((b) => [b.table.name, b]));
    },
    finalState() {
      if (!final) throw new Error('the run has not finished');
      return final;
    },
    async close() {
      if (!exited) await worker.terminate();
    },
  };
}
