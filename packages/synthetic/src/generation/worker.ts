/**
 * Worker thread that runs a dataset generator and streams its chunks to the main thread, which
 * writes them through DuckDB meanwhile: generation and encoding use two cores. The worker generates
 * a chunk only on credit (one per chunk the main thread takes), so memory stays at about two chunks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { datasetByName } from '../datasets/registry.js';
import { BufferPool, serializeBatch, type WorkerInput, type WorkerMessage } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('generation worker started outside a worker thread');
const input = workerData as WorkerInput;
const run = datasetByName(input.dataset).start(input.options, input.state);

const pool = new BufferPool();
let credits = 1;
let wake: (() => void) | null = null;
port.on('message', (returned: ArrayBuffer[]) => {
  pool.give(returned);
  credits++;
  wake?.();
  wake = null;
});

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

post({ type: 'init', window: run.window, plannedRows: run.plannedRows });
for (;;) {
  // Generate only on credit: at most one chunk is written while the next one is generated.
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  const chunk = run.next();
  if (!chunk) break;
  const transfer: ArrayBuffer[] = [];
  const batches = [...chunk.values()].map((b) => {
    const s = serializeBatch(b, pool);
    transfer.push(...s.transfer);
    return s.batch;
  });
  post({ type: 'chunk', batches }, transfer);
}
post({ type: 'done', state: run.finalState() });
port.close();
