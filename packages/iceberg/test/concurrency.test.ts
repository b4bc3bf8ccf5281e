import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresServer, postgresAvailable, startPostgres } from '../../../testing/fixtures/postgres/server.js';
import { tableIdentifier } from '../src/catalog/catalog.js';
import { createSqlCatalog } from '../src/catalog/sql/index.js';
import { readRows } from '../src/scan/duckdb.js';
import { schemaFromColumns } from '../src/spec/schema.js';
import { Table } from '../src/table.js';
import { tempDir } from './helpers.js';
import { verifyAppendOnlyHistory } from './verify.js';
import { startWorker, workerScript } from './workers/spawn.js';

const WRITERS = 4;
const APPENDS = 50;
const ROWS = 10;
const tmp = tempDir();
let pgServer: PostgresServer | undefined;
beforeAll(async () => {
  workerScript();
  if (postgresAvailable()) pgServer = await startPostgres();
});
afterAll(async () => {
  await pgServer?.stop();
  tmp.cleanup();
});

async function run(uri: () => string, label: string) {
  const warehouse = join(tmp.dir, `warehouse-${label}`);
  const catalog = createSqlCatalog({ name: 'floe', uri: uri(), warehouse });
  try {
    await catalog.createNamespace(['bronze']);
    const id = tableIdentifier(['bronze'], 'events');
    await catalog.createTable(id, {
      schema: schemaFromColumns([
        { name: 'id', type: 'long', required: true },
        { name: 'writer', type: 'int' },
        { name: 'seq', type: 'int' },
      ]),
    });
    const workers = Array.from({ length: WRITERS }, (_, writer) =>
      startWorker({
        uri: uri(),
        warehouse,
        catalog: 'floe',
        table: 'bronze.events',
        writer,
        appends: APPENDS,
        rows: ROWS,
      }),
    );
    const codes = await Promise.all(workers.map((w) => w.exited));
    expect(codes, workers.map((w) => w.stderr()).join('\n')).toEqual(workers.map(() => 0));
    for (const w of workers) expect(w.committed).toHaveLength(APPENDS);

    const table = await Table.load(catalog, id);
    expect(table.snapshots()).toHaveLength(WRITERS * APPENDS);
    expect(table.currentSnapshot()!.summary['total-records']).toBe(String(WRITERS * APPENDS * ROWS));
    const files = await verifyAppendOnlyHistory(table);
    expect(files).toHaveLength(WRITERS * APPENDS);
    const rows = await readRows(table, { columns: ['id'] });
    const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    const expected = Array.from({ length: WRITERS }, (_, w) =>
      Array.from({ length: APPENDS * ROWS }, (_, i) => w * 1_000_000 + i),
    ).flat();
    expect(ids).toEqual(expected);
    // every writer's reported snapshot is in the history
    const all = new Set(table.snapshots().map((s) => s.snapshotId));
    for (const w of workers) for (const c of w.committed) expect(all.has(c.snapshotId)).toBe(true);
  } finally {
    await catalog.close();
  }
}

describe('concurrent writers: 4 processes x 50 appends on one table', () => {
  it('SQLite catalog: exact row count, every snapshot readable, no lost or duplicate files', async () => {
    await run(() => `sqlite:///${join(tmp.dir, 'catalog.db')}`, 'sqlite');
  }, 300_000);

  it.skipIf(!postgresAvailable())(
    'PostgreSQL catalog: exact row count, every snapshot readable, no lost or duplicate files',
    async () => {
      await run(() => pgServer!.uri, 'pg');
    },
    300_000,
  );
});
