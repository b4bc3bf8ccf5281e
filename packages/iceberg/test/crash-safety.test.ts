import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableIdentifier } from '../src/catalog/catalog.js';
import { createSqlCatalog } from '../src/catalog/sql/index.js';
import { readRows } from '../src/scan/duckdb.js';
import { schemaFromColumns } from '../src/spec/schema.js';
import { Table } from '../src/table.js';
import { tempDir } from './helpers.js';
import { verifyAppendOnlyHistory } from './verify.js';
import { startWorker, workerScript } from './workers/spawn.js';

const TRIALS = 100;
const LANES = 4; // tables killed in parallel, TRIALS / LANES trials each
const ROWS = 10;
const tmp = tempDir();
beforeAll(() => {
  workerScript();
});
afterAll(() => tmp.cleanup());

async function lane(lane: number, trials: number): Promise<{ orphans: number; commitsLost: number }> {
  const uri = `sqlite:///${join(tmp.dir, 'catalog.db')}`;
  const warehouse = join(tmp.dir, 'warehouse');
  const catalog = createSqlCatalog({ name: 'floe', uri, warehouse });
  const id = tableIdentifier(['crash'], `t${lane}`);
  try {
    await catalog.createTable(id, {
      schema: schemaFromColumns([
        { name: 'id', type: 'long', required: true },
        { name: 'writer', type: 'int' },
        { name: 'seq', type: 'int' },
      ]),
    });
    let lastCommitted: bigint | undefined;
    let commitsLost = 0;
    for (let trial = 0; trial < trials; trial++) {
      const w = startWorker({
        uri,
        warehouse,
        catalog: 'floe',
        table: `crash.t${lane}`,
        writer: trial,
        appends: 1_000,
        rows: ROWS,
      });
      await w.ready;
      await new Promise((r) => setTimeout(r, Math.random() * 250));
      w.child.kill('SIGKILL');
      await w.exited;
      const reported = w.committed.at(-1)?.snapshotId ?? lastCommitted;
      const table = await Table.load(catalog, id);
      const current = table.currentSnapshot()?.snapshotId;
      // at its last committed snapshot: the last one the writer reported, or one it committed
      // but was killed before reporting (its parent is the last reported one)
      if (current !== reported) {
        const s = table.currentSnapshot()!;
        expect(s.parentSnapshotId).toBe(reported);
        commitsLost++;
      }
      lastCommitted = current;
      const rows = await readRows(table, { columns: ['id'] });
      expect(rows).toHaveLength(Number(table.currentSnapshot()?.summary['total-records'] ?? 0));
      expect(rows).toHaveLength(table.snapshots().length * ROWS);
    }
    const table = await Table.load(catalog, id);
    await verifyAppendOnlyHistory(table);
    const before = await readRows(table);
    const orphans = await table.removeOrphanFiles({ olderThanMs: Date.now() + 1_000 });
    expect(await table.removeOrphanFiles({ olderThanMs: Date.now() + 1_000, dryRun: true })).toEqual([]);
    const after = await Table.load(catalog, id);
    await verifyAppendOnlyHistory(after);
    expect(await readRows(after)).toHaveLength(before.length);
    return { orphans: orphans.length, commitsLost };
  } finally {
    await catalog.close();
  }
}

describe('crash safety: writers killed with SIGKILL at random points', () => {
  it(`${TRIALS} kills never leave the table unreadable or off its last committed snapshot; orphan cleanup removes leftovers`, async () => {
    const setup = createSqlCatalog({
      name: 'floe',
      uri: `sqlite:///${join(tmp.dir, 'catalog.db')}`,
      warehouse: join(tmp.dir, 'warehouse'),
    });
    await setup.createNamespace(['crash']);
    await setup.close();
    const results = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i, TRIALS / LANES)));
    // killed writers leave files behind, and the cleanup found them
    expect(results.reduce((a, r) => a + r.orphans, 0)).toBeGreaterThan(0);
  }, 600_000);
});
