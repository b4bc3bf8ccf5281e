import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers.js';
import { tableIdentifier } from './catalog/catalog.js';
import { MemoryCatalog } from './catalog/memory.js';
import { withConnection } from './duckdb/session.js';
import { LocalFileIO } from './io/local.js';
import { readRows, registerDuckDBView } from './scan/duckdb.js';
import { eq, ge, lt } from './scan/expression.js';
import { partitionSpecFor } from './spec/partition.js';
import { schemaFromColumns } from './spec/schema.js';
import { Table } from './table.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function newTable(name: string, partitioned = false) {
  const catalog = new MemoryCatalog({ warehouse: tmp.dir, io: new LocalFileIO() });
  await catalog.createNamespace(['bronze']);
  const schema = schemaFromColumns([
    { name: 'id', type: 'long', required: true },
    { name: 'name', type: 'string' },
    { name: 'day', type: 'date' },
    { name: 'amount', type: 'double' },
  ]);
  const partitionSpec = partitioned
    ? partitionSpecFor([{ sourceId: 3, sourceName: 'day', transform: 'month' }])
    : undefined;
  const loaded = await catalog.createTable(tableIdentifier(['bronze'], name), {
    schema,
    ...(partitionSpec ? { partitionSpec } : {}),
  });
  return new Table(catalog, loaded);
}

const rows = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: BigInt(from + i),
    name: `name-${from + i}`,
    day: new Date(Date.UTC(2024, 0, 1 + ((from + i) % 90))),
    amount: (from + i) * 1.5,
  }));

describe('Table writes and reads', () => {
  it('appends rows and reads them back through DuckDB', async () => {
    let table = await newTable('appends');
    table = await table.append({ rows: rows(0, 100) });
    table = await table.append({ sql: "SELECT i::BIGINT AS id, 'sql' AS name FROM range(100, 150) t(i)" });
    expect(table.snapshots()).toHaveLength(2);
    expect(table.currentSnapshot()!.summary['total-records']).toBe('150');
    const all = await readRows(table);
    expect(all).toHaveLength(150);
    expect(new Set(all.map((r) => String(r.id))).size).toBe(150);
    const filtered = await readRows(table, { filter: lt('id', 10), columns: ['id', 'name'] });
    expect(filtered.map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect(Object.keys(filtered[0]!)).toEqual(['id', 'name']);
    // the second file (ids 100..149) is pruned by its bounds
    const plan = await table.scan().filter(ge('id', 120)).planFiles();
    expect(plan.tasks).toHaveLength(1);
    // time travel to the first snapshot
    const first = table.snapshots()[0]!.snapshotId;
    expect(await readRows(table, { snapshotId: first })).toHaveLength(100);
  });

  it('overwrites the whole table and by partition', async () => {
    let table = await newTable('overwrites', true);
    table = await table.append({ rows: rows(0, 90) });
    expect(Number(table.currentSnapshot()!.summary['added-data-files'])).toBe(3);
    // replace January only
    table = await table.overwrite(
      { rows: [{ id: 1000n, name: 'jan', day: new Date(Date.UTC(2024, 0, 5)), amount: 1 }] },
      { mode: 'partitions' },
    );
    const after = await readRows(table);
    expect(after.filter((r) => (r.day as Date).getUTCMonth() === 0).map((r) => Number(r.id))).toEqual([1000]);
    expect(after).toHaveLength(1 + 29 + 30);
    const plan = await table.scan().filter(eq('day', '2024-01-05')).planFiles();
    expect(plan.tasks).toHaveLength(1);
    table = await table.overwrite({ rows: rows(5000, 3) });
    expect(await readRows(table)).toHaveLength(3);
  });

  it('registers a DuckDB view over the current snapshot', async () => {
    let table = await newTable('view');
    table = await table.append({ rows: rows(0, 10) });
    await withConnection(async (c) => {
      await registerDuckDBView(c, table, 'my_view');
      const r = await c.runAndReadAll('SELECT count(*)::INTEGER AS n, sum(amount) AS s FROM my_view');
      expect(r.getRowObjectsJS()[0]).toEqual({ n: 10, s: 67.5 });
    });
  });
});

describe('Table maintenance', () => {
  it('rewrites manifests, expires snapshots and removes orphan files without changing the data', async () => {
    let table = await newTable('maintenance');
    for (let i = 0; i < 6; i++) table = await table.append({ rows: rows(i * 10, 10) });
    const manifestsBefore = (await table.scan().planFiles()).tasks.length;
    expect(manifestsBefore).toBe(6);
    table = await table.rewriteManifests();
    expect(table.currentSnapshot()!.summary.operation).toBe('replace');
    const { readManifestList } = await import('./transaction/manifests.js');
    expect(await readManifestList(table.io, table.currentSnapshot()!)).toHaveLength(1);
    expect(await readRows(table)).toHaveLength(60);
    // overwrite, then expire everything but the current snapshot: the replaced files are deleted
    table = await table.overwrite({ rows: rows(900, 5) });
    const { table: expired, expired: ids, deletedFiles } = await table.expireSnapshots({ olderThanMs: Date.now() + 1 });
    expect(ids).toHaveLength(7);
    expect(expired.snapshots()).toHaveLength(1);
    expect(deletedFiles.filter((f) => f.endsWith('.parquet'))).toHaveLength(6);
    expect(await readRows(expired)).toHaveLength(5);
    // an orphan left by a crashed writer
    const orphan = `${expired.metadata.location}/data/orphan-${Date.now()}.parquet`;
    await expired.io.write(orphan, 'x');
    const removed = await expired.removeOrphanFiles({ olderThanMs: Date.now() + 1000 });
    expect(removed).toEqual([orphan]);
    expect(await expired.io.exists(orphan)).toBe(false);
    expect(await readRows(expired)).toHaveLength(5);
  });
});

describe('bucket partitioning', () => {
  it('writes bucket partitions with Iceberg murmur3 values and prunes equality scans by them', async () => {
    const catalog = new MemoryCatalog({ warehouse: tmp.dir, io: new LocalFileIO() });
    await catalog.createNamespace(['b']);
    const schema = schemaFromColumns([
      { name: 'id', type: 'long', required: true },
      { name: 'name', type: 'string' },
    ]);
    let table = new Table(
      catalog,
      await catalog.createTable(tableIdentifier(['b'], 'bucketed'), {
        schema,
        partitionSpec: partitionSpecFor([
          { sourceId: 1, sourceName: 'id', transform: 'bucket[4]' },
          { sourceId: 2, sourceName: 'name', transform: 'bucket[3]' },
        ]),
      }),
    );
    table = await table.append({ sql: "SELECT i::BIGINT AS id, 'n' || (i % 5) AS name FROM range(200) t(i)" });
    const plan = await table.scan().planFiles();
    const { applyTransform, parseTransform } = await import('./spec/transform.js');
    for (const task of plan.tasks) {
      const rows = await withConnection(async (c) =>
        (await c.runAndReadAll(`SELECT id, name FROM read_parquet('${task.dataFile.filePath}')`)).getRowObjectsJS(),
      );
      for (const r of rows) {
        expect(task.dataFile.partition).toEqual([
          applyTransform(parseTransform('bucket[4]'), 'long', r.id as bigint),
          applyTransform(parseTransform('bucket[3]'), 'string', r.name as string),
        ]);
      }
    }
    const pruned = await table.scan().filter(eq('id', 34)).planFiles();
    expect(pruned.tasks.length).toBeLessThan(plan.tasks.length);
    expect((await readRows(table, { filter: eq('id', 34) })).map((r) => r.name)).toEqual(['n4']);
  });
});

describe('merge-on-read deletes', () => {
  it('applies position deletes and equality deletes (only to older data)', async () => {
    const { rowDelta } = await import('./transaction/row-delta.js');
    const { writeDeleteFile } = await import('./write/delete-writer.js');
    let table = await newTable('mor');
    table = await table.append({ rows: rows(0, 10) });
    const first = (await table.scan().planFiles()).tasks[0]!.dataFile.filePath;
    const deletes = await withConnection(async (c) => [
      await writeDeleteFile(c, table.io, table.dataLocation(), {
        kind: 'position',
        sql: `SELECT '${first}' AS file_path, p::BIGINT AS pos FROM (VALUES (0), (3)) v(p)`,
      }),
      await writeDeleteFile(c, table.io, table.dataLocation(), {
        kind: 'equality',
        fields: [table.schema().fields[1]!],
        sql: "SELECT 'name-5' AS name UNION ALL SELECT 'name-12'",
      }),
    ]);
    // the same snapshot adds a row named name-12: equality deletes do not apply to it
    const added = await table.writeFiles({ rows: [{ id: 12n, name: 'name-12', amount: 1 }] });
    table = await table.commitChange(rowDelta(deletes, added));
    expect(table.currentSnapshot()!.summary['added-position-deletes']).toBe('2');
    const ids = (await readRows(table)).map((r) => Number(r.id)).sort((a, b) => a - b);
    expect(ids).toEqual([1, 2, 4, 6, 7, 8, 9, 12]);
    // a later append of name-5 is not deleted either (its sequence number is higher)
    table = await table.append({ rows: [{ id: 55n, name: 'name-5' }] });
    expect((await readRows(table, { filter: eq('name', 'name-5') })).map((r) => Number(r.id))).toEqual([55]);
    // time travel before the deletes sees every row
    expect(await readRows(table, { snapshotId: table.snapshots()[0]!.snapshotId })).toHaveLength(10);
  });
});
