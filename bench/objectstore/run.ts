/**
 * `make bench NAME=objectstore`: floe and PyIceberg writing and reading Iceberg tables through the same real
 * REST catalog (Apache Iceberg's RESTCatalogServer on S3FileIO) into the same S3 server (versitygw), both started
 * once. Last stdout line: {"bench":"objectstore","metrics":{...},"env":{...}}; progress goes to stderr.
 *
 * - s3_append_rows_per_s / pyiceberg_s3_append_rows_per_s: bulk append of the same 200k-row, 8-column Parquet
 *   file into a fresh table, from reading the file to the committed snapshot (floe: DuckDB reads the file and
 *   writes the data files to S3; PyIceberg: pyarrow reads it, then table.append), median of REPS, alternating.
 * - s3_commit_ms_p50 / pyiceberg_s3_commit_ms_p50: a 100-row append end to end (data file to S3 + manifest,
 *   manifest list, metadata + REST commit), p50 of 20 per side, in alternating blocks of 10 (floe from a
 *   100-row Parquet file, PyIceberg from a 100-row Arrow table in memory).
 * - s3_scan_rows_per_s / pyiceberg_s3_scan_rows_per_s: whole-table scan into memory (load from the catalog, plan,
 *   read every data file from S3): floe into DuckDB's materialized result, PyIceberg into an Arrow table. Both
 *   scan the same tables (the bulk tables floe wrote and those PyIceberg wrote); median over all scans.
 * PyIceberg is timed inside its own process around its calls only (no interpreter start-up, imports or catalog
 * connection), floe in this process the same way (catalog opened once beforehand).
 * FLOE_BENCH_ROWS and FLOE_BENCH_REPS override the row count (200000) and the bulk repetitions (5).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadCatalog, scanSql, schemaFromColumns, Table, tableIdentifier, withConnection } from '@floe/iceberg';
import { startRestCatalogServer } from '../../testing/fixtures/iceberg-rest/server.js';
import { startS3Server } from '../../testing/fixtures/s3/versitygw.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const ROWS = Number(process.env.FLOE_BENCH_ROWS ?? 200_000);
const REPS = Number(process.env.FLOE_BENCH_REPS ?? 5);
const SMALL = 20;
const SMALL_BLOCK = 10;
const SMALL_ROWS = 100;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const log = (m: string) => process.stderr.write(`${m}\n`);
const fmt = (xs: number[], digits = 1) => xs.map((x) => x.toFixed(digits)).join(', ');

const dir = mkdtempSync(join(tmpdir(), 'floe-bench-objectstore-'));
const store = await startS3Server({ bucket: 'floe-bench' });
try {
  log(`versitygw at ${store.endpoint}; starting the Iceberg REST catalog on s3://${store.bucket}/lake ...`);
  const rest = await startRestCatalogServer({
    s3: { endpoint: store.endpoint, bucket: store.bucket, prefix: 'lake', ...store.root, region: store.region },
  });
  try {
    log(`REST catalog at ${rest.uri} (${rest.server}, started in ${rest.startupMs} ms)`);
    const catalog = await loadCatalog('bench', {
      type: 'rest',
      uri: rest.uri,
      's3.endpoint': store.endpoint,
      's3.path-style-access': 'true',
      's3.access-key-id': store.root.accessKeyId,
      's3.secret-access-key': store.root.secretAccessKey,
      's3.region': store.region,
    });
    await catalog.createNamespace(['floe']);

    const input = join(dir, 'input.parquet');
    const smallInput = join(dir, 'small.parquet');
    await withConnection(async (c) => {
      await c.run(
        `COPY (SELECT i::BIGINT AS id, 'customer-' || (i % 9973)::VARCHAR AS customer, (i % 1000)::INTEGER AS qty,
                      (i * 0.37)::DOUBLE AS amount, TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND AS ts,
                      (DATE '2024-01-01' + (i % 365)::INTEGER) AS day,
                      ['new', 'paid', 'shipped', 'returned'][(i % 4) + 1] AS status, (i % 3 = 0) AS flagged
                 FROM range(${ROWS}) t(i)) TO '${input}' (FORMAT parquet)`,
      );
      await c.run(
        `COPY (SELECT * FROM read_parquet('${input}') LIMIT ${SMALL_ROWS}) TO '${smallInput}' (FORMAT parquet)`,
      );
    });
    const inputBytes = statSync(input).size;
    const schema = schemaFromColumns([
      { name: 'id', type: 'long' },
      { name: 'customer', type: 'string' },
      { name: 'qty', type: 'int' },
      { name: 'amount', type: 'double' },
      { name: 'ts', type: 'timestamp' },
      { name: 'day', type: 'date' },
      { name: 'status', type: 'string' },
      { name: 'flagged', type: 'boolean' },
    ]);

    const common = {
      uri: rest.uri,
      namespace: 'py',
      s3: {
        endpoint: store.endpoint,
        access_key_id: store.root.accessKeyId,
        secret_access_key: store.root.secretAccessKey,
        region: store.region,
      },
    };
    const python = async <T>(args: Record<string, unknown>): Promise<T> => {
      const { stdout } = await promisify(execFile)(
        join(repo, '.venv/bin/python'),
        [join(here, 'pyiceberg_objectstore.py'), JSON.stringify({ ...common, ...args })],
        { maxBuffer: 16 * 1024 * 1024 },
      );
      return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
    };

    log(
      `bulk appends of ${ROWS} rows (${(inputBytes / 1e6).toFixed(1)} MB Parquet), floe and PyIceberg alternating...`,
    );
    const floeAppend: number[] = [];
    const pyAppend: number[] = [];
    const scanTargets: Array<{ namespace: string; table: string }> = [];
    for (let rep = 0; rep < REPS; rep++) {
      const t = new Table(catalog, await catalog.createTable(tableIdentifier(['floe'], `bulk_${rep}`), { schema }));
      const start = performance.now();
      await t.append({ parquet: input });
      floeAppend.push((performance.now() - start) / 1000);
      const py = await python<{ append_s: number; rows: number }>({
        mode: 'bulk',
        parquet: input,
        table: `bulk_${rep}`,
      });
      if (py.rows !== ROWS) throw new Error(`PyIceberg appended ${py.rows} rows, expected ${ROWS}`);
      pyAppend.push(py.append_s);
      scanTargets.push({ namespace: 'floe', table: `bulk_${rep}` }, { namespace: 'py', table: `bulk_${rep}` });
      log(`  rep ${rep + 1}: floe ${floeAppend.at(-1)!.toFixed(2)} s, PyIceberg ${py.append_s.toFixed(2)} s`);
    }

    log(`small appends of ${SMALL_ROWS} rows (blocks of ${SMALL_BLOCK}, alternating)...`);
    let small = new Table(catalog, await catalog.createTable(tableIdentifier(['floe'], 'small'), { schema }));
    const floeSmall: number[] = [];
    const pySmall: number[] = [];
    for (let block = 0; block < SMALL / SMALL_BLOCK; block++) {
      for (let i = 0; i < SMALL_BLOCK; i++) {
        const start = performance.now();
        small = await small.append({ parquet: smallInput });
        floeSmall.push(performance.now() - start);
      }
      const py = await python<{ small_ms: number[] }>({
        mode: 'small',
        parquet: input,
        table: 'small',
        appends: SMALL_BLOCK,
        rows: SMALL_ROWS,
      });
      pySmall.push(...py.small_ms);
    }
    log(`  floe ms: ${fmt(floeSmall)}`);
    log(`  PyIceberg ms: ${fmt(pySmall)}`);

    log('whole-table scans of every bulk table (floe and PyIceberg alternating)...');
    const floeScan: number[] = [];
    const pyScan: number[] = [];
    for (const target of scanTargets) {
      const start = performance.now();
      const rows = await withConnection(async (c) => {
        const t = await Table.load(catalog, tableIdentifier([target.namespace], target.table));
        const reader = await c.runAndReadAll(await scanSql(t, {}, c));
        return reader.currentRowCount;
      });
      floeScan.push((performance.now() - start) / 1000);
      if (rows !== ROWS) throw new Error(`floe scanned ${rows} rows of ${target.namespace}.${target.table}`);
      const py = await python<{ scan_s: number; rows: number }>({
        mode: 'scan',
        namespace: target.namespace,
        table: target.table,
      });
      if (py.rows !== ROWS) throw new Error(`PyIceberg scanned ${py.rows} rows of ${target.namespace}.${target.table}`);
      pyScan.push(py.scan_s);
      log(
        `  ${target.namespace}.${target.table}: floe ${floeScan.at(-1)!.toFixed(2)} s, PyIceberg ${py.scan_s.toFixed(2)} s`,
      );
    }

    const metrics = {
      s3_append_rows_per_s: Math.round(ROWS / median(floeAppend)),
      pyiceberg_s3_append_rows_per_s: Math.round(ROWS / median(pyAppend)),
      s3_commit_ms_p50: Number(median(floeSmall).toFixed(1)),
      pyiceberg_s3_commit_ms_p50: Number(median(pySmall).toFixed(1)),
      s3_scan_rows_per_s: Math.round(ROWS / median(floeScan)),
      pyiceberg_s3_scan_rows_per_s: Math.round(ROWS / median(pyScan)),
    };
    const env = {
      node: process.version,
      pyiceberg: '0.12.0',
      duckdb_node_api: '1.5.5-r.5',
      catalog: rest.server,
      object_store: 'versitygw (posix, loopback)',
      cpus: cpus().length,
      mem_gib: Math.round(totalmem() / 2 ** 30),
      rows: ROWS,
      columns: schema.fields.length,
      input_mb: Number((inputBytes / 1e6).toFixed(1)),
      reps: REPS,
      small_appends: SMALL,
      small_rows: SMALL_ROWS,
    };
    process.stdout.write(`${JSON.stringify({ bench: 'objectstore', metrics, env })}\n`);
  } finally {
    await rest.stop();
  }
} finally {
  await store.stop();
  rmSync(dir, { recursive: true, force: true });
}
