import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { registerBucketFunctions } from '../duckdb/bucket.js';
import { prepareDuckDBStorage } from '../duckdb/storage.js';
import { duckdbType, fieldIdsSpec, quoteIdent, quoteString } from '../duckdb/types.js';
import { dataInvalid, IcebergError } from '../errors.js';
import type { FileIO } from '../io/file-io.js';
import type { DataFile } from '../spec/manifest.js';
import type { PartitionSpec } from '../spec/partition.js';
import { findField, type Schema } from '../spec/schema.js';
import { parseTransform, transformResultType, transformToPath } from '../spec/transform.js';
import type { IcebergValue } from '../spec/values.js';
import { transformSql } from './partition-sql.js';
import { parquetStats } from './stats.js';

export interface DataWriteOptions {
  connection: DuckDBConnection;
  io: FileIO;
  schema: Schema;
  spec: PartitionSpec;
  /** Directory for the new files, e.g. `<table location>/data`. */
  dataLocation: string;
  /** Parquet compression (default zstd). */
  compression?: string;
}

/** The SELECT list that shapes a source relation into the table schema (by column name). */
async function projection(connection: DuckDBConnection, schema: Schema, sourceSql: string): Promise<string> {
  const described = await connection.runAndReadAll(`DESCRIBE (${sourceSql})`);
  const present = new Set(described.getRowObjectsJS().map((r) => String(r.column_name)));
  const known = new Set(schema.fields.map((f) => f.name));
  const unknown = [...present].filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw dataInvalid(`columns not in the table schema: ${unknown.join(', ')}`, { columns: unknown.join(',') });
  }
  return schema.fields
    .map((f) => {
      if (!present.has(f.name)) {
        if (f.required) throw dataInvalid(`required column ${f.name} is missing from the data`, { column: f.name });
        return `CAST(NULL AS ${duckdbType(f.type)}) AS ${quoteIdent(f.name)}`;
      }
      return `CAST(${quoteIdent(f.name)} AS ${duckdbType(f.type)}) AS ${quoteIdent(f.name)}`;
    })
    .join(', ');
}

function valueFromDuckDB(type: string, v: unknown): IcebergValue | null {
  if (v === null || v === undefined) return null;
  if (type === 'date') return Math.round((v as Date).getTime() / 86_400_000);
  if (type === 'long') return BigInt(v as bigint);
  if (type === 'int') return Number(v);
  if (type.startsWith('timestamp')) return BigInt((v as Date).getTime()) * 1000n;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  if (v instanceof Uint8Array) return v;
  return String(v);
}

/**
 * Writes the rows of `sourceSql` (a DuckDB query whose columns are named like the table's columns)
 * as Parquet files with Iceberg field ids, one per partition, and returns them with their stats.
 */
export async function writeDataFiles(options: DataWriteOptions, sourceSql: string): Promise<DataFile[]> {
  const { connection, schema, spec, io } = options;
  await prepareDuckDBStorage(connection, io, options.dataLocation);
  const select = await projection(connection, schema, sourceSql);
  const fieldIds = schema.fields.map((f) => `${quoteIdent(f.name)}: ${fieldIdsSpec(f.id, f.type)}`).join(', ');
  const compression = options.compression ?? 'zstd, COMPRESSION_LEVEL 1';
  const partitions = spec.fields.map((pf) => {
    const source = findField(schema, pf.sourceId);
    if (!source || typeof source.type !== 'string') {
      throw dataInvalid(`partition field ${pf.name} has no primitive source column`, { field: pf.name });
    }
    const t = parseTransform(pf.transform);
    return {
      pf,
      t,
      sourceType: source.type,
      resultType: transformResultType(t, source.type),
      sql: transformSql(t, source.name, source.type),
    };
  });
  const write = async (query: string, partition: (IcebergValue | null)[]): Promise<DataFile | undefined> => {
    const dir =
      partitions.length === 0
        ? options.dataLocation
        : `${options.dataLocation}/${partitions.map((p, i) => `${p.pf.name}=${transformToPath(p.t, partition[i] ?? null)}`).join('/')}`;
    const target = `${dir}/${randomUUID()}.parquet`;
    // DuckDB writes straight to the storage when it can reach it (local folder, object store through its
    // extensions); otherwise (memory) to a temp file that FileIO uploads.
    const direct = io.duckdbPath(target);
    const path = direct ?? join(tmpdir(), `floe-${randomUUID()}.parquet`);
    if (direct === undefined || io.localPath(target) !== undefined) await mkdir(dirname(path), { recursive: true });
    let written: { count: number; size: number };
    try {
      // RETURN_STATS: the row count and file size come back with the write (no second request to the store).
      const reader = await connection.runAndReadAll(
        `COPY (${query}) TO ${quoteString(path)} (FORMAT parquet, COMPRESSION ${compression}, FIELD_IDS {${fieldIds}}, RETURN_STATS true)`,
      );
      const row = reader.getRowObjectsJS()[0] ?? {};
      written = { count: Number(row.count ?? 0), size: Number(row.file_size_bytes ?? 0) };
    } catch (error) {
      throw copyError(error, target, direct !== undefined && io.localPath(target) === undefined);
    }
    if (written.count === 0) {
      await (direct === undefined ? rm(path, { force: true }) : io.delete(target));
      return undefined;
    }
    const stats = await parquetStats(connection, path, schema.fields);
    if (direct === undefined) {
      await io.write(target, await readFile(path));
      await rm(path, { force: true });
    }
    return {
      content: 0,
      filePath: target,
      fileFormat: 'PARQUET',
      partition,
      recordCount: stats.recordCount,
      fileSizeInBytes: written.size,
      columnSizes: stats.columnSizes,
      valueCounts: stats.valueCounts,
      nullValueCounts: stats.nullValueCounts,
      lowerBounds: stats.lowerBounds,
      upperBounds: stats.upperBounds,
      splitOffsets: stats.splitOffsets,
      sortOrderId: 0,
    };
  };
  if (partitions.some((p) => p.t.kind === 'bucket')) registerBucketFunctions(connection);
  if (partitions.length === 0) {
    const file = await write(`SELECT ${select} FROM (${sourceSql})`, []);
    return file ? [file] : [];
  }
  const temp = `floe_write_${randomUUID().replace(/-/g, '')}`;
  const keys = partitions.map((_, i) => `__floe_p${i}`);
  await connection.run(
    `CREATE TEMP TABLE ${temp} AS SELECT *, ${partitions.map((p, i) => `${p.sql} AS ${keys[i]}`).join(', ')} FROM (SELECT ${select} FROM (${sourceSql}))`,
  );
  try {
    const distinct = await connection.runAndReadAll(`SELECT DISTINCT ${keys.join(', ')} FROM ${temp}`);
    const files: DataFile[] = [];
    const columns = schema.fields.map((f) => quoteIdent(f.name)).join(', ');
    for (const row of distinct.getRowObjectsJS()) {
      const raw = keys.map((k) => row[k]);
      const conditions = keys.map((k, i) => (raw[i] === null ? `${k} IS NULL` : `${k} = $${i + 1}`));
      const params = raw.filter((v) => v !== null);
      let n = 0;
      const sql = `SELECT ${columns} FROM ${temp} WHERE ${conditions.map((c) => (c.includes('$') ? c.replace(/\$\d+/, `$${++n}`) : c)).join(' AND ')}`;
      const file = await writeWithParams(connection, sql, params, (q) =>
        write(
          q,
          partitions.map((p, i) => valueFromDuckDB(p.resultType, raw[i])),
        ),
      );
      if (file) files.push(file);
    }
    return files;
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${temp}`);
  }
}

/**
 * A failed COPY as an IcebergError naming the file: a write to object storage that DuckDB gave up on (after its own
 * retries) is ServiceUnavailable; anything else (bad data, a full disk) Unexpected.
 */
function copyError(error: unknown, target: string, remote: boolean): IcebergError {
  const message = error instanceof Error ? error.message : String(error);
  const io = remote && /IO Error|HTTP|connection|timed out|timeout/i.test(message);
  return new IcebergError(io ? 'ServiceUnavailable' : 'Unexpected', `cannot write data file ${target}: ${message}`, {
    context: { location: target },
    cause: error,
  });
}

/** COPY cannot take parameters: inline them as SQL literals. */
async function writeWithParams<T>(
  _connection: DuckDBConnection,
  sql: string,
  params: unknown[],
  run: (query: string) => Promise<T>,
): Promise<T> {
  const literal = (v: unknown): string => {
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    if (v instanceof Date) return `TIMESTAMP ${quoteString(v.toISOString().replace('T', ' ').replace('Z', ''))}`;
    if (v instanceof Uint8Array) return `from_hex(${quoteString(Buffer.from(v).toString('hex'))})`;
    return quoteString(String(v));
  };
  return run(sql.replace(/\$(\d+)/g, (_, i: string) => literal(params[Number(i) - 1])));
}
