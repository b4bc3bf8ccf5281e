import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tableIdentifier } from '../src/catalog/catalog.js';
import { MemoryCatalog } from '../src/catalog/memory.js';
import { withConnection } from '../src/duckdb/session.js';
import { LocalFileIO } from '../src/io/local.js';
import { registerDuckDBView } from '../src/scan/duckdb.js';
import { partitionSpecFor } from '../src/spec/partition.js';
import { schemaFromColumns } from '../src/spec/schema.js';
import { Table } from '../src/table.js';
import { tempDir } from './helpers.js';
import { PYTHON, REPO } from './pyiceberg.js';

const EXT = join(REPO, '.tools/duckdb-iceberg');
const available = existsSync(join(EXT, '.floe-installed')) && existsSync(PYTHON);
const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function duckdbIceberg(metadataLocation: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const { stdout } = await promisify(execFile)(
    PYTHON,
    [join(import.meta.dirname, 'duckdb_iceberg_peer.py'), metadataLocation, sql],
    {
      env: { ...process.env, PYTHONPATH: EXT },
    },
  );
  return JSON.parse(stdout) as Array<Record<string, unknown>>;
}

describe.skipIf(!available)("DuckDB's iceberg extension (1.4.4, from PyPI) reads floe's tables", () => {
  it('same rows per partition after appends, a partition overwrite and a manifest rewrite', async () => {
    const catalog = new MemoryCatalog({ warehouse: tmp.dir, io: new LocalFileIO() });
    await catalog.createNamespace(['gold']);
    const schema = schemaFromColumns([
      { name: 'id', type: 'long', required: true },
      { name: 'name', type: 'string' },
      { name: 'd', type: 'date' },
      { name: 'amount', type: 'decimal(12, 2)' },
    ]);
    let table = new Table(
      catalog,
      await catalog.createTable(tableIdentifier(['gold'], 'sales'), {
        schema,
        partitionSpec: partitionSpecFor([{ sourceId: 3, sourceName: 'd', transform: 'day' }]),
      }),
    );
    const batch = (from: number, n: number, mod: number) =>
      `SELECT i::BIGINT AS id, 'n' || i AS name, DATE '2024-01-01' + (i % ${mod})::INTEGER AS d, (i * 1.25)::DECIMAL(12,2) AS amount FROM range(${from}, ${from + n}) t(i)`;
    table = await table.append({ sql: batch(0, 100, 3) });
    table = await table.append({ sql: batch(100, 50, 2) });
    table = await table.overwrite({ sql: batch(1000, 7, 1) }, { mode: 'partitions' });
    table = await table.rewriteManifests();
    const query =
      'SELECT d::VARCHAR AS d, count(*)::INTEGER AS n, sum(id)::BIGINT AS s, sum(amount)::VARCHAR AS a FROM {t} GROUP BY d ORDER BY d';
    const theirs = await duckdbIceberg(table.metadataLocation, query);
    const ours = await withConnection(async (c) => {
      await registerDuckDBView(c, table, 'sales');
      const r = await c.runAndReadAll(query.replace('{t}', 'sales'));
      return r.getRowObjectsJS().map((x) => ({ ...x, s: Number(x.s) }));
    });
    expect(theirs).toEqual(ours);
    expect(theirs.map((r) => r.d)).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(theirs[0]).toMatchObject({ n: 7 });
  });
});
