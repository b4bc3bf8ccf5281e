/**
 * `make bench NAME=iceberg`: floe and PyIceberg side by side on the same machine, the same Parquet
 * input and the same SQLite SQL catalog. Last stdout line: {"bench":"iceberg","metrics":{...},"env":{...}}.
 *
 * - append_rows_per_s / pyiceberg_append_rows_per_s: bulk append of the same 1M-row Parquet data
 *   file, from reading it to the committed snapshot (floe: DuckDB reads it and writes Iceberg data files;
 *   PyIceberg: pyarrow reads it, then table.append), median of 3; floe and PyIceberg runs alternate.
 * - commit_ms_p50 / pyiceberg_commit_ms_p50: a 10-row append end to end (write + commit), p50 of 30
 *   (floe from a 10-row Parquet file, PyIceberg from a 10-row Arrow table in memory).
 * - metadata_read_ms_{10,5000}_snapshots: cold load of the table metadata from the catalog plus file
 *   planning (manifest list and manifests), median of 7, for two tables holding the same 2,000 live
 *   data files, one built by 10 snapshots and one by 5,000 (manifests rewritten every 50 appends):
 *   the difference is the cost of the history alone.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  type Catalog,
  clearMetadataCache,
  createSqlCatalog,
  type DataFile,
  parquetStats,
  schemaFromColumns,
  Table,
  tableIdentifier,
  withConnection,
} from '@floe/iceberg';
import { buildHistory } from './history.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const ROWS = 1_000_000;
const REPS = 3;
const SMALL = 30;
const SMALL_ROWS = 10;
const HISTORY_FILES = 2_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const log = (m: string) => process.stderr.write(`${m}\n`);

const dir = mkdtempSync(join(tmpdir(), 'floe-bench-iceberg-'));
try {
  const uri = `sqlite:///${join(dir, 'catalog.db')}`;
  const warehouse = `file://${join(dir, 'warehouse')}`;
  const catalog = createSqlCatalog({ name: 'bench', uri, warehouse });
  await catalog.createNamespace(['floe']);
  const input = join(dir, 'input.parquet');
  await withConnection((c) =>
    c.run(
      `COPY (SELECT i::BIGINT AS id, 'customer-' || (i % 9973)::VARCHAR AS customer, (i % 1000)::INTEGER AS qty,
                    (i * 0.37)::DOUBLE AS amount, TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND AS ts
               FROM range(${ROWS}) t(i)) TO '${input}' (FORMAT parquet)`,
    ),
  );
  const smallInput = join(dir, 'small.parquet');
  await withConnection((c) =>
    c.run(`COPY (SELECT * FROM read_parquet('${input}') LIMIT ${SMALL_ROWS}) TO '${smallInput}' (FORMAT parquet)`),
  );
  const inputBytes = statSync(input).size;
  const schema = schemaFromColumns([
    { name: 'id', type: 'long' },
    { name: 'customer', type: 'string' },
    { name: 'qty', type: 'int' },
    { name: 'amount', type: 'double' },
    { name: 'ts', type: 'timestamp' },
  ]);

  const python = async <T>(args: Record<string, unknown>): Promise<T> => {
    const { stdout } = await promisify(execFile)(
      join(repo, '.venv/bin/python'),
      [join(here, 'pyiceberg_bench.py'), JSON.stringify({ catalog: 'bench', uri, warehouse, ...args })],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
  };

  // floe and PyIceberg alternate, so load changes on a shared machine hit both alike
  log('bulk appends (floe, PyIceberg alternating)...');
  const floeAppend: number[] = [];
  const pyAppend: number[] = [];
  let pyRows = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const t = new Table(catalog, await catalog.createTable(tableIdentifier(['floe'], `bulk_${rep}`), { schema }));
    const start = performance.now();
    await t.append({ parquet: input });
    floeAppend.push((performance.now() - start) / 1000);
    const py = await python<{ append_s: number; rows: number }>({ mode: 'bulk', parquet: input, table: `bulk_${rep}` });
    pyAppend.push(py.append_s);
    pyRows = py.rows;
  }

  log('small appends (blocks of 10, alternating)...');
  let small = new Table(catalog, await catalog.createTable(tableIdentifier(['floe'], 'small'), { schema }));
  const floeSmall: number[] = [];
  const pySmall: number[] = [];
  for (let block = 0; block < SMALL / 10; block++) {
    for (let i = 0; i < 10; i++) {
      const start = performance.now();
      small = await small.append({ parquet: smallInput });
      floeSmall.push(performance.now() - start);
    }
    const py = await python<{ small_ms: number[] }>({
      mode: 'small',
      parquet: input,
      table: 'small',
      appends: 10,
      small_rows: SMALL_ROWS,
    });
    pySmall.push(...py.small_ms);
  }

  log('metadata read with 10 and 5000 snapshots...');
  const readMs = async (c: Catalog, name: string) => {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      clearMetadataCache();
      const start = performance.now();
      const t = await Table.load(c, tableIdentifier(['floe'], name));
      await t.scan().planFiles();
      times.push(performance.now() - start);
    }
    return median(times);
  };
  const sample: DataFile = await withConnection(async (c) => {
    const stats = await parquetStats(c, input, schema.fields);
    return {
      content: 0,
      filePath: input,
      fileFormat: 'PARQUET',
      partition: [],
      fileSizeInBytes: inputBytes,
      ...stats,
    };
  });
  await buildHistory(catalog, tableIdentifier(['floe'], 'history_10'), schema, sample, 10, HISTORY_FILES);
  await buildHistory(catalog, tableIdentifier(['floe'], 'history_5000'), schema, sample, 5000, HISTORY_FILES);
  const read10 = await readMs(catalog, 'history_10');
  const read5000 = await readMs(catalog, 'history_5000');
  await catalog.close();

  const floeRowsPerS = ROWS / median(floeAppend);
  const pyRowsPerS = pyRows / median(pyAppend);
  const metrics = {
    append_rows_per_s: Math.round(floeRowsPerS),
    pyiceberg_append_rows_per_s: Math.round(pyRowsPerS),
    append_mb_per_s: Number((inputBytes / 1e6 / median(floeAppend)).toFixed(1)),
    pyiceberg_append_mb_per_s: Number((inputBytes / 1e6 / median(pyAppend)).toFixed(1)),
    commit_ms_p50: Number(median(floeSmall).toFixed(1)),
    pyiceberg_commit_ms_p50: Number(median(pySmall).toFixed(1)),
    metadata_read_ms_10_snapshots: Number(read10.toFixed(1)),
    metadata_read_ms_5000_snapshots: Number(read5000.toFixed(1)),
  };
  const env = {
    node: process.version,
    pyiceberg: '0.12.0',
    duckdb_node_api: '1.5.5-r.5',
    cpus: cpus().length,
    mem_gib: Math.round(totalmem() / 2 ** 30),
    rows: ROWS,
    input_mb: Number((inputBytes / 1e6).toFixed(1)),
    catalog: 'sqlite',
  };
  process.stdout.write(`${JSON.stringify({ bench: 'iceberg', metrics, env })}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
