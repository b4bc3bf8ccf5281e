import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTableIdentifier, tableIdentifier } from '../src/catalog/catalog.js';
import { createSqlCatalog, type SqlCatalog } from '../src/catalog/sql/index.js';
import { withConnection } from '../src/duckdb/session.js';
import { readRows } from '../src/scan/duckdb.js';
import { partitionSpecFor } from '../src/spec/partition.js';
import { schemaFromColumns } from '../src/spec/schema.js';
import { Table } from '../src/table.js';
import { rowDelta } from '../src/transaction/row-delta.js';
import { writeDeleteFile } from '../src/write/delete-writer.js';
import { tempDir } from './helpers.js';
import { pyiceberg, pyicebergAvailable } from './pyiceberg.js';

const tmp = tempDir();
const shared = {
  catalog: 'interop',
  uri: `sqlite:///${join(tmp.dir, 'catalog.db')}`,
  warehouse: `file://${join(tmp.dir, 'warehouse')}`,
};
const catalogs: SqlCatalog[] = [];
const floeCatalog = () => {
  const c = createSqlCatalog({ name: shared.catalog, uri: shared.uri, warehouse: shared.warehouse });
  catalogs.push(c);
  return c;
};
afterAll(async () => {
  for (const c of catalogs) await c.close();
  tmp.cleanup();
});

type Row = Record<string, unknown>;
/** Plain comparable values: numbers for integers, ISO dates, epoch ms for timestamps. */
function normalise(rows: Row[], types: Record<string, string>): Row[] {
  const out = rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => {
        if (v === null || v === undefined) return [k, null];
        if (types[k] === 'date') return [k, v instanceof Date ? v.toISOString().slice(0, 10) : String(v)];
        if (types[k] === 'timestamp') return [k, v instanceof Date ? v.getTime() : Date.parse(`${String(v)}Z`)];
        if (typeof v === 'bigint') return [k, Number(v)];
        return [k, v];
      }),
    ),
  );
  return out.sort((a, b) => Number(a.id) - Number(b.id));
}

interface PyRead {
  rows: Row[];
  schema: Array<{ id: number; name: string; type: string; required: boolean }>;
  spec: Array<{ name: string; transform: string; source_id: number; field_id: number }>;
  files: Array<{
    path: string;
    record_count: number;
    partition: Record<string, unknown>;
    metrics: Record<string, { lower: unknown; upper: unknown; nulls: number; values: number }>;
  }>;
  snapshots: string[];
  current_snapshot: string | null;
}

describe.skipIf(!pyicebergAvailable())('PyIceberg interop through a shared SQLite SQL catalog', () => {
  it('PyIceberg reads what floe wrote: same rows, schema, partition values and stats', async () => {
    const catalog = floeCatalog();
    await catalog.createNamespace(['floe_written']);
    const schema = schemaFromColumns([
      { name: 'id', type: 'long', required: true },
      { name: 'name', type: 'string' },
      { name: 'amount', type: 'double' },
      { name: 'ts', type: 'timestamp' },
      { name: 'day', type: 'date' },
    ]);
    const id = tableIdentifier(['floe_written'], 'events');
    let table = new Table(
      catalog,
      await catalog.createTable(id, {
        schema,
        partitionSpec: partitionSpecFor([{ sourceId: 4, sourceName: 'ts', transform: 'day' }]),
      }),
    );
    const batch = (from: number) =>
      Array.from({ length: 30 }, (_, i) => ({
        id: BigInt(from + i),
        name: (from + i) % 7 === 0 ? null : `naïve-${'x'.repeat((from + i) % 20)}-${from + i}`,
        amount: (from + i) / 4,
        ts: new Date(Date.UTC(2024, 2, 1 + ((from + i) % 3), (from + i) % 24, 30)),
        day: new Date(Date.UTC(2023, 11, 1 + ((from + i) % 28))),
      }));
    table = await table.append({ rows: batch(0) });
    table = await table.append({ rows: batch(30) });

    const py = await pyiceberg<PyRead>('read', { ...shared, table: 'floe_written.events' });
    const types = { ts: 'timestamp', day: 'date' };
    expect(normalise(py.rows, types)).toEqual(normalise(await readRows(table), types));
    expect(py.rows).toHaveLength(60);
    expect(py.schema).toEqual([
      { id: 1, name: 'id', type: 'long', required: true },
      { id: 2, name: 'name', type: 'string', required: false },
      { id: 3, name: 'amount', type: 'double', required: false },
      { id: 4, name: 'ts', type: 'timestamp', required: false },
      { id: 5, name: 'day', type: 'date', required: false },
    ]);
    expect(py.spec).toEqual([{ name: 'ts_day', transform: 'day', source_id: 4, field_id: 1000 }]);
    expect(py.snapshots).toEqual(table.snapshots().map((s) => String(s.snapshotId)));
    expect(py.files).toHaveLength(6); // 3 days x 2 appends

    // Independent check of every file: DuckDB reads the Parquet file itself, PyIceberg decodes floe's manifest.
    await withConnection(async (c) => {
      for (const f of py.files) {
        const path = f.path.replace(/^file:\/\//, '');
        const r = await c.runAndReadAll(
          `SELECT count(*)::INTEGER AS n, min(id)::INTEGER AS lo, max(id)::INTEGER AS hi, count(*) FILTER (name IS NULL)::INTEGER AS nulls,
                  min(name) AS lo_name, max(name) AS hi_name, strftime(min(ts), '%Y-%m-%d') AS day, min(amount) AS lo_amount
             FROM read_parquet('${path}')`,
        );
        const actual = r.getRowObjectsJS()[0]!;
        expect(f.record_count).toBe(actual.n);
        expect(f.partition.ts_day).toBe(actual.day);
        expect(f.metrics.id).toMatchObject({ lower: actual.lo, upper: actual.hi, nulls: 0, values: actual.n });
        expect(f.metrics.name!.nulls).toBe(actual.nulls);
        expect(f.metrics.amount!.lower).toBe(actual.lo_amount);
        // string bounds truncated to 16 code points: lower is a prefix <= min, upper is > every max prefix
        const lo = String(f.metrics.name!.lower);
        const hi = String(f.metrics.name!.upper);
        expect(Array.from(lo).length).toBeLessThanOrEqual(16);
        expect(String(actual.lo_name).startsWith(lo)).toBe(true);
        expect(Buffer.compare(Buffer.from(hi), Buffer.from(String(actual.hi_name))) >= 0 || hi === actual.hi_name).toBe(
          true,
        );
      }
    });
  });

  it('PyIceberg applies the position deletes floe writes (merge-on-read)', async () => {
    const catalog = floeCatalog();
    await catalog.createNamespace(['floe_mor']);
    const schema = schemaFromColumns([
      { name: 'id', type: 'long', required: true },
      { name: 'name', type: 'string' },
    ]);
    let table = new Table(catalog, await catalog.createTable(tableIdentifier(['floe_mor'], 't'), { schema }));
    table = await table.append({ sql: "SELECT i::BIGINT AS id, 'n' || i AS name FROM range(20) t(i)" });
    const file = (await table.scan().planFiles()).tasks[0]!.dataFile.filePath;
    const deletes = await withConnection(async (c) => [
      await writeDeleteFile(c, table.io, table.dataLocation(), {
        kind: 'position',
        sql: `SELECT '${file}' AS file_path, p::BIGINT AS pos FROM (VALUES (1), (7), (19)) v(p)`,
      }),
    ]);
    table = await table.commitChange(rowDelta(deletes));
    const py = await pyiceberg<PyRead>('read', { ...shared, table: 'floe_mor.t' });
    const mine = await readRows(table);
    expect(mine).toHaveLength(17);
    expect(normalise(py.rows, {})).toEqual(normalise(mine, {}));
  });

  it('floe reads what PyIceberg wrote, after schema evolution and deletes, and PyIceberg reads floe appends', async () => {
    const table = 'py_written.people';
    const schema = [
      { name: 'id', type: 'long', required: true },
      { name: 'name', type: 'string' },
      { name: 'amount', type: 'double' },
      { name: 'day', type: 'date' },
    ];
    const rows = Array.from({ length: 20 }, (_, i) => ({
      id: i,
      name: `person ${i}`,
      amount: i * 2.5,
      day: `2024-05-${String(1 + (i % 4)).padStart(2, '0')}`,
    }));
    await pyiceberg('create_and_append', {
      ...shared,
      table,
      schema,
      rows,
      partition: { column: 'day', transform: 'identity' },
    });
    const catalog = floeCatalog();
    const id = parseTableIdentifier(table);
    const types = { day: 'date' };
    const compare = async (t: Table, extra: Record<string, unknown> = {}) => {
      const py = await pyiceberg<PyRead>('read', { ...shared, table, ...extra });
      const mine = await readRows(t, extra.snapshot_id ? { snapshotId: String(extra.snapshot_id) } : {});
      expect(normalise(mine, types)).toEqual(normalise(py.rows, types));
      return py;
    };
    let t = await Table.load(catalog, id);
    const first = t.currentSnapshot()!.snapshotId;
    await compare(t);
    expect(await readRows(t)).toHaveLength(20);

    // schema evolution in PyIceberg: rename a column and add one, then append with the new schema
    await pyiceberg('evolve', { ...shared, table, rename: { name: 'full_name' }, add_double: ['score'] });
    const evolved = [
      { name: 'id', type: 'long', required: true },
      { name: 'full_name', type: 'string' },
      { name: 'amount', type: 'double' },
      { name: 'day', type: 'date' },
      { name: 'score', type: 'double' },
    ];
    await pyiceberg('append', {
      ...shared,
      table,
      schema: evolved,
      rows: Array.from({ length: 10 }, (_, i) => ({
        id: 100 + i,
        full_name: `new ${i}`,
        amount: 1,
        day: '2024-06-01',
        score: i / 2,
      })),
    });
    t = await t.refresh();
    const afterEvolution = await readRows(t);
    expect(Object.keys(afterEvolution[0]!)).toEqual(['id', 'full_name', 'amount', 'day', 'score']);
    expect(afterEvolution.find((r) => Number(r.id) === 3)).toMatchObject({ full_name: 'person 3', score: null });
    await compare(t);

    // deletes in PyIceberg (rewrites the affected files), read back by floe
    await pyiceberg('delete', { ...shared, table, filter: 'id < 5 or id >= 108' });
    t = await t.refresh();
    const afterDelete = await compare(t);
    expect(afterDelete.rows).toHaveLength(23);
    expect((await readRows(t)).map((r) => Number(r.id)).filter((x) => x < 5 || x >= 108)).toEqual([]);

    // time travel to PyIceberg's first snapshot uses that snapshot's schema
    const old = await readRows(t, { snapshotId: first });
    expect(old).toHaveLength(20);
    expect(Object.keys(old[0]!)).toEqual(['id', 'name', 'amount', 'day']);

    // floe appends to the PyIceberg table (evolved schema, identity partition); PyIceberg reads all of it
    t = await t.append({
      rows: [{ id: 500n, full_name: 'from floe', amount: 9, day: new Date(Date.UTC(2024, 4, 2)), score: 1.5 }],
    });
    const py = await compare(t);
    expect(py.rows).toHaveLength(24);
    expect(py.rows.find((r) => r.id === 500)).toMatchObject({ full_name: 'from floe', score: 1.5, day: '2024-05-02' });
  });
});
