/**
 * Worker thread that runs a dataset generator and streams its chunks to the main thread, which
 * writes them through DuckDB meanwhile: generation and encoding use two cores. The main thread
 * grants one chunk ahead (a credit per chunk taken), so memory stays at about two chunks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { datasetByName } from '../datasets/registry.js';
import { serializeBatch, type WorkerInput, type WorkerMessage } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('generation worker started outside a worker thread');
const input = workerData as WorkerInput;
const run = datasetByName(input.dataset).start(input.options, input.state);

let credits = 1;
let wake: (() => void) | null = null;
port.on('message', () => {
  credits++;
  wake?.();
  wake = null;
});

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

post({ type: 'init', window: run.window, plannedRows: run.plannedRows });
for (let chunk = run.next(); chunk; chunk = run.next()) {
  const transfer: ArrayBuffer[] = [];
  const batches = [...chunk.values()].map((b) => {
    const s = serializeBatch(b);
    transfer.push(...s.transfer);
    return s.batch;
  });
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  post({ type: 'chunk', batches }, transfer);
}
post({ type: 'done', state: run.finalState() });
port.close();
