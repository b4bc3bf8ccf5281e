/**
 * Interop on object storage: a real Iceberg REST catalog (Apache Iceberg's RESTCatalogServer on S3FileIO) over a
 * real S3 server (versitygw). floe writes two tables (one partitioned); PyIceberg's RestCatalog and DuckDB's
 * iceberg extension (1.5.5, ATTACH of the same REST catalog) read them back from the bucket. PyIceberg writes,
 * evolves and deletes in a table of its own; floe reads it. Missing peers skip outside CI and fail in CI.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  restCatalogServerAvailability,
  startRestCatalogServer,
} from '../../../testing/fixtures/iceberg-rest/server.js';
import { type S3Server, s3ServerAvailable, startS3Server } from '../../../testing/fixtures/s3/versitygw.js';
import { missingTools, skipWithoutTool, type ToolAvailability } from '../../../testing/fixtures/stack/availability.js';
import { type Catalog, parseTableIdentifier, tableIdentifier } from '../src/catalog/catalog.js';
import { loadCatalog } from '../src/catalog/loader.js';
import { withConnection } from '../src/duckdb/session.js';
import { duckdbExtensionDirectory, duckdbInstanceOptions } from '../src/duckdb/storage.js';
import { readRows, scanSql } from '../src/scan/duckdb.js';
import type { DataFile } from '../src/spec/manifest.js';
import { partitionSpecFor } from '../src/spec/partition.js';
import { schemaFromColumns } from '../src/spec/schema.js';
import { Table } from '../src/table.js';
import { pyiceberg, pyicebergAvailable } from './pyiceberg.js';

const extensionDir = duckdbExtensionDirectory();
const tools: ToolAvailability[] = [
  s3ServerAvailable()
    ? { available: true }
    : { available: false, reason: 'versitygw not built (.tools/bin/versitygw): run `make setup`' },
  restCatalogServerAvailability(),
  pyicebergAvailable()
    ? { available: true }
    : { available: false, reason: 'PyIceberg not installed (.venv/bin/python): run `make setup`' },
  extensionDir && ['iceberg', 'avro', 'httpfs'].every((e) => existsSync(extensionPath(extensionDir, e)))
    ? { available: true }
    : {
        available: false,
        reason: "DuckDB's iceberg/avro/httpfs extensions 1.5.5 missing in .tools/duckdb-extensions: run `make setup`",
      },
];

function extensionPath(dir: string, name: string): string {
  return join(dir, 'v1.5.5', 'linux_amd64', `${name}.duckdb_extension`);
}

type Row = Record<string, unknown>;

interface PyRead {
  rows: Row[];
  schema: Array<{ id: number; name: string; type: string; required: boolean }>;
  spec: Array<{ name: string; transform: string; source_id: number; field_id: number }>;
  files: Array<{
    path: string;
    record_count: number;
    partition: Record<string, unknown>;
    lower_bounds: Record<string, string>;
    upper_bounds: Record<string, string>;
    value_counts: Record<string, number>;
    null_value_counts: Record<string, number>;
  }>;
  snapshots: string[];
  current_snapshot: string | null;
  schema_id: number;
  schema_ids: number[];
  snapshot_schema_ids: Array<number | null>;
  spec_id: number;
}

/** Plain comparable values: numbers for integers, ISO dates, epoch ms for timestamps; sorted by id. */
function normalise(rows: Row[], types: Record<string, string>): Row[] {
  return rows
    .map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => {
          if (v === null || v === undefined) return [k, null];
          if (types[k] === 'date') return [k, v instanceof Date ? v.toISOString().slice(0, 10) : String(v)];
          if (types[k] === 'timestamp') return [k, v instanceof Date ? v.getTime() : Date.parse(`${String(v)}Z`)];
          if (typeof v === 'bigint') return [k, Number(v)];
          return [k, v];
        }),
      ),
    )
    .sort((a, b) => Number(a.id) - Number(b.id));
}

const hexMap = (m: ReadonlyMap<number, Uint8Array> | undefined) =>
  Object.fromEntries(
    [...(m ?? new Map<number, Uint8Array>())].map(([k, v]) => [String(k), Buffer.from(v).toString('hex')]),
  );
const countMap = (m: ReadonlyMap<number, number> | undefined) =>
  Object.fromEntries([...(m ?? new Map<number, number>())].map(([k, v]) => [String(k), Number(v)]));
const dayToIso = (days: unknown) => new Date(Number(days) * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(skipWithoutTool(...tools))(
  'interop on a REST catalog over S3 (versitygw): PyIceberg and DuckDB',
  () => {
    let store: S3Server;
    let rest: Awaited<ReturnType<typeof startRestCatalogServer>>;
    let catalog: Catalog;
    let py: Record<string, unknown>;

    beforeAll(async () => {
      store = await startS3Server({ bucket: 'floe-interop' });
      rest = await startRestCatalogServer({
        s3: { endpoint: store.endpoint, bucket: store.bucket, prefix: 'lake', ...store.root, region: store.region },
      });
      const storage = {
        's3.endpoint': store.endpoint,
        's3.path-style-access': 'true',
        's3.access-key-id': store.root.accessKeyId,
        's3.secret-access-key': store.root.secretAccessKey,
        's3.region': store.region,
      };
      catalog = await loadCatalog('interop', { type: 'rest', uri: rest.uri, ...storage });
      py = { catalog: 'interop', rest: { uri: rest.uri, ...storage } };
    }, 120_000);

    afterAll(async () => {
      await rest?.stop();
      await store?.stop();
    });

    const floeTables = async () => {
      await catalog.createNamespace(['floe_s3']);
      const schema = schemaFromColumns([
        { name: 'id', type: 'long', required: true },
        { name: 'name', type: 'string' },
        { name: 'amount', type: 'double' },
        { name: 'ts', type: 'timestamp' },
        { name: 'day', type: 'date' },
      ]);
      let events = new Table(
        catalog,
        await catalog.createTable(tableIdentifier(['floe_s3'], 'events'), {
          schema,
          partitionSpec: partitionSpecFor([{ sourceId: 4, sourceName: 'ts', transform: 'day' }]),
        }),
      );
      const batch = (from: number) =>
        Array.from({ length: 40 }, (_, i) => ({
          id: BigInt(from + i),
          name: (from + i) % 7 === 0 ? null : `naïve-${'x'.repeat((from + i) % 20)}-${from + i}`,
          amount: (from + i) / 4,
          ts: new Date(Date.UTC(2024, 2, 1 + ((from + i) % 3), (from + i) % 24, 30)),
          day: new Date(Date.UTC(2023, 11, 1 + ((from + i) % 28))),
        }));
      events = await events.append({ rows: batch(0) });
      events = await events.append({ rows: batch(40) });

      let plain = new Table(catalog, await catalog.createTable(tableIdentifier(['floe_s3'], 'plain'), { schema }));
      plain = await plain.append({
        sql: `SELECT i::BIGINT AS id, CASE WHEN i % 11 = 0 THEN NULL ELSE 'p' || i END AS name, (i * 1.5)::DOUBLE AS amount,
                   TIMESTAMP '2024-04-01' + INTERVAL (i) MINUTE AS ts, DATE '2024-04-01' + (i % 30)::INTEGER AS day
              FROM range(1000) t(i)`,
      });
      plain = await plain.append({
        sql: `SELECT (1000 + i)::BIGINT AS id, 'q' || i AS name, -i::DOUBLE AS amount,
                   TIMESTAMP '2025-01-01' + INTERVAL (i) HOUR AS ts, DATE '2025-01-01' AS day FROM range(250) t(i)`,
      });
      return { events, plain };
    };
    let written: Promise<{ events: Table; plain: Table }> | undefined;
    const tables = () => {
      written ??= floeTables();
      return written;
    };

    it('(a) PyIceberg reads every floe table from the bucket: same rows, schema ids, snapshot ids and file stats', async () => {
      const { events, plain } = await tables();
      for (const [name, table, fileCount] of [
        ['floe_s3.events', events, 6],
        ['floe_s3.plain', plain, 2],
      ] as const) {
        const theirs = await pyiceberg<PyRead>('read', { ...py, table: name });
        const types = { ts: 'timestamp', day: 'date' };
        expect(normalise(theirs.rows, types), name).toEqual(normalise(await readRows(table), types));
        expect(theirs.schema_id).toBe(table.schema().schemaId);
        expect(theirs.schema_ids).toEqual(table.metadata.schemas.map((s) => s.schemaId));
        expect(theirs.snapshots).toEqual(table.snapshots().map((s) => String(s.snapshotId)));
        expect(theirs.current_snapshot).toBe(String(table.currentSnapshot()!.snapshotId));
        expect(theirs.snapshot_schema_ids).toEqual(table.snapshots().map((s) => s.schemaId ?? null));
        expect(theirs.spec_id).toBe(table.spec().specId);
        expect(theirs.schema.map((f) => [f.id, f.name, f.type, f.required])).toEqual(
          table.schema().fields.map((f) => [f.id, f.name, f.type, f.required]),
        );

        const mine = new Map<string, DataFile>(
          (await table.scan().planFiles()).tasks.map((t) => [t.dataFile.filePath, t.dataFile]),
        );
        expect(theirs.files).toHaveLength(fileCount);
        expect(theirs.files.map((f) => f.path).sort()).toEqual([...mine.keys()].sort());
        for (const f of theirs.files) {
          expect(f.path.startsWith(`s3://${store.bucket}/lake/floe_s3/`)).toBe(true);
          const d = mine.get(f.path)!;
          expect({
            records: f.record_count,
            lower: f.lower_bounds,
            upper: f.upper_bounds,
            values: f.value_counts,
            nulls: f.null_value_counts,
          }).toEqual({
            records: d.recordCount,
            lower: hexMap(d.lowerBounds),
            upper: hexMap(d.upperBounds),
            values: countMap(d.valueCounts),
            nulls: countMap(d.nullValueCounts),
          });
          // every column has bounds and counts (the comparison above is not between two empty maps)
          expect(Object.keys(f.lower_bounds).sort()).toEqual(['1', '2', '3', '4', '5']);
          expect(Object.keys(f.value_counts).sort()).toEqual(['1', '2', '3', '4', '5']);
          if (name === 'floe_s3.events') expect(f.partition.ts_day).toBe(dayToIso(d.partition[0]));
        }
        expect(theirs.files.reduce((n, f) => n + f.record_count, 0)).toBe(theirs.rows.length);
      }
    }, 120_000);

    it("(b) DuckDB's iceberg extension ATTACHes the same REST catalog and returns the same totals", async () => {
      const { events, plain } = await tables();
      const totals =
        'SELECT count(*)::BIGINT AS n, sum(id)::BIGINT AS ids, round(sum(amount), 6)::DOUBLE AS amount, count(name)::BIGINT AS names, ' +
        "min(ts)::VARCHAR AS first_ts, max(day)::VARCHAR AS last_day, count(DISTINCT strftime(ts, '%Y-%m-%d'))::BIGINT AS days FROM ";
      const ours = await withConnection(async (c) => {
        const out: Row[] = [];
        for (const t of [events, plain])
          out.push((await c.runAndReadAll(`${totals}(${await scanSql(t, {}, c)})`)).getRowObjectsJS()[0]!);
        return out;
      });

      const instance = await DuckDBInstance.create(':memory:', duckdbInstanceOptions());
      const c: DuckDBConnection = await instance.connect();
      try {
        for (const e of ['httpfs', 'avro', 'iceberg']) await c.run(`LOAD ${e}`);
        const version = (
          await c.runAndReadAll("SELECT extension_version FROM duckdb_extensions() WHERE extension_name = 'iceberg'")
        ).getRowObjectsJS()[0]!;
        expect(String(version.extension_version)).not.toBe('');
        await c.run(
          `CREATE SECRET interop_s3 (TYPE s3, KEY_ID '${store.root.accessKeyId}', SECRET '${store.root.secretAccessKey}',
           REGION '${store.region}', ENDPOINT '${store.endpoint.replace(/^http:\/\//, '')}', URL_STYLE 'path', USE_SSL false)`,
        );
        await c.run(
          `ATTACH 'lake' AS lake (TYPE iceberg, ENDPOINT '${rest.uri}', AUTHORIZATION_TYPE 'none', ACCESS_DELEGATION_MODE 'none')`,
        );
        const theirs: Row[] = [];
        for (const t of ['events', 'plain'])
          theirs.push((await c.runAndReadAll(`${totals}lake.floe_s3.${t}`)).getRowObjectsJS()[0]!);
        expect(theirs).toEqual(ours);
        expect(theirs.map((r) => Number(r.n))).toEqual([80, 1250]);
        // and per partition day of the partitioned table
        const perDay = "SELECT strftime(ts, '%Y-%m-%d') AS d, count(*)::BIGINT AS n, sum(id)::BIGINT AS s FROM ";
        const theirDays = (
          await c.runAndReadAll(`${perDay}lake.floe_s3.events GROUP BY d ORDER BY d`)
        ).getRowObjectsJS();
        const ourDays = await withConnection(async (o) =>
          (await o.runAndReadAll(`${perDay}(${await scanSql(events, {}, o)}) GROUP BY d ORDER BY d`)).getRowObjectsJS(),
        );
        expect(theirDays).toEqual(ourDays);
        expect(theirDays).toHaveLength(3);
      } finally {
        c.closeSync();
        instance.closeSync();
      }
    }, 120_000);

    it('(c) floe reads what PyIceberg wrote to the bucket, after schema evolution, deletes and an overwrite', async () => {
      const table = 'py_s3.people';
      const schema = [
        { name: 'id', type: 'long', required: true },
        { name: 'name', type: 'string' },
        { name: 'amount', type: 'double' },
        { name: 'day', type: 'date' },
      ];
      const rows = Array.from({ length: 30 }, (_, i) => ({
        id: i,
        name: `person ${i}`,
        amount: i * 2.5,
        day: `2024-05-${String(1 + (i % 4)).padStart(2, '0')}`,
      }));
      await pyiceberg('create_and_append', {
        ...py,
        table,
        schema,
        rows,
        partition: { column: 'day', transform: 'identity' },
      });
      const id = parseTableIdentifier(table);
      const types = { day: 'date' };
      const compare = async (t: Table) => {
        const theirs = await pyiceberg<PyRead>('read', { ...py, table });
        expect(normalise(await readRows(t), types)).toEqual(normalise(theirs.rows, types));
        expect(t.snapshots().map((s) => String(s.snapshotId))).toEqual(theirs.snapshots);
        expect(t.schema().schemaId).toBe(theirs.schema_id);
        return theirs;
      };
      let t = await Table.load(catalog, id);
      expect(t.metadataLocation.startsWith(`s3://${store.bucket}/lake/py_s3/people/metadata/`)).toBe(true);
      const first = t.currentSnapshot()!.snapshotId;
      await compare(t);

      await pyiceberg('evolve', { ...py, table, rename: { name: 'full_name' }, add_double: ['score'] });
      const evolved = [
        { name: 'id', type: 'long', required: true },
        { name: 'full_name', type: 'string' },
        { name: 'amount', type: 'double' },
        { name: 'day', type: 'date' },
        { name: 'score', type: 'double' },
      ];
      await pyiceberg('append', {
        ...py,
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

      // row-level delete (PyIceberg rewrites the files it touches), then an overwrite by filter
      await pyiceberg('delete', { ...py, table, filter: 'id < 5 or id >= 108' });
      t = await t.refresh();
      expect((await compare(t)).rows).toHaveLength(33);
      await pyiceberg('overwrite', {
        ...py,
        table,
        filter: "day = '2024-05-02'",
        schema: evolved,
        rows: [
          { id: 700, full_name: 'replacement a', amount: 7, day: '2024-05-02', score: 0.5 },
          { id: 701, full_name: 'replacement b', amount: 8, day: '2024-05-02', score: null },
        ],
      });
      t = await t.refresh();
      const afterOverwrite = await compare(t);
      const ids = (await readRows(t)).map((r) => Number(r.id));
      expect(afterOverwrite.rows).toHaveLength(33 - 7 + 2);
      expect(ids.filter((x) => x < 5 || (x >= 108 && x < 700))).toEqual([]);
      expect(ids).toEqual(expect.arrayContaining([700, 701]));
      expect(ids.filter((x) => x % 4 === 1 && x < 30)).toEqual([]);

      // time travel to PyIceberg's first snapshot uses that snapshot's schema
      const old = await readRows(t, { snapshotId: first });
      expect(old).toHaveLength(30);
      expect(Object.keys(old[0]!)).toEqual(['id', 'name', 'amount', 'day']);
    }, 180_000);
  },
);

if (skipWithoutTool(...tools)) {
  describe('interop on a REST catalog over S3', () => {
    it.skip(`skipped: ${missingTools(...tools)}`, () => {});
  });
}
