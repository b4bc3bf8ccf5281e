import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { prepareDuckDBStorage } from '../duckdb/storage.js';
import { duckdbType, fieldIdsSpec, quoteIdent, quoteString } from '../duckdb/types.js';
import { featureUnsupported } from '../errors.js';
import type { FileIO } from '../io/file-io.js';
import type { NestedField } from '../spec/datatypes.js';
import { DataContent, type DataFile } from '../spec/manifest.js';
import { parquetStats } from './stats.js';

/** Reserved field ids of position delete files (spec). */
export const POSITION_DELETE_FIELDS: NestedField[] = [
  { id: 2147483546, name: 'file_path', required: true, type: 'string' },
  { id: 2147483545, name: 'pos', required: true, type: 'long' },
];

export type DeleteFileSpec =
  /** `sql` yields (file_path, pos) of deleted rows. */
  | { kind: 'position'; sql: string }
  /** `sql` yields the equality columns (named like `fields`) of deleted rows. */
  | { kind: 'equality'; fields: readonly NestedField[]; sql: string };

/** Writes one (unpartitioned-table) delete file as Parquet with field ids and returns it with stats. */
export async function writeDeleteFile(
  connection: DuckDBConnection,
  io: FileIO,
  dataLocation: string,
  spec: DeleteFileSpec,
): Promise<DataFile> {
  const fields = spec.kind === 'position' ? POSITION_DELETE_FIELDS : [...spec.fields];
  const target = `${dataLocation}/${spec.kind}-deletes-${randomUUID()}.parquet`;
  const path = io.duckdbPath(target);
  if (path === undefined) throw featureUnsupported(`DuckDB cannot write delete files to ${target}`, { target });
  await prepareDuckDBStorage(connection, io, target);
  const select = fields.map((f) => `CAST(${quoteIdent(f.name)} AS ${duckdbType(f.type)}) AS ${quoteIdent(f.name)}`);
  const ids = fields.map((f) => `${quoteIdent(f.name)}: ${fieldIdsSpec(f.id, f.type)}`).join(', ');
  const order = spec.kind === 'position' ? ' ORDER BY file_path, pos' : '';
  if (io.localPath(target) !== undefined) await mkdir(dirname(path), { recursive: true });
  await connection.run(
    `COPY (SELECT ${select.join(', ')} FROM (${spec.sql})${order}) TO ${quoteString(path)} (FORMAT parquet, FIELD_IDS {${ids}})`,
  );
  const stats = await parquetStats(connection, path, fields);
  return {
    content: spec.kind === 'position' ? DataContent.PositionDeletes : DataContent.EqualityDeletes,
    filePath: target,
    fileFormat: 'PARQUET',
    partition: [],
    recordCount: stats.recordCount,
    fileSizeInBytes: await io.size(target),
    columnSizes: stats.columnSizes,
    valueCounts: stats.valueCounts,
    nullValueCounts: stats.nullValueCounts,
    lowerBounds: stats.lowerBounds,
    upperBounds: stats.upperBounds,
    ...(spec.kind === 'equality' ? { equalityIds: spec.fields.map((f) => f.id) } : {}),
  };
}
