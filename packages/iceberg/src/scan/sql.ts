import type { DuckDBConnection } from '@duckdb/node-api';
import { prepareDuckDBStorage } from '../duckdb/storage.js';
import { duckdbType, quoteIdent, quoteString } from '../duckdb/types.js';
import { featureUnsupported } from '../errors.js';
import type { FileIO } from '../io/file-io.js';
import { DataContent } from '../spec/manifest.js';
import type { Expression, Literal } from './expression.js';
import type { ScanPlan } from './table-scan.js';

function literal(v: Literal): string {
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return `TIMESTAMPTZ ${quoteString(v.toISOString())}`;
  return quoteString(v);
}

/** DuckDB SQL for a row filter. */
export function expressionSql(e: Expression): string {
  switch (e.op) {
    case 'true':
      return 'TRUE';
    case 'false':
      return 'FALSE';
    case 'and':
      return `(${expressionSql(e.left)} AND ${expressionSql(e.right)})`;
    case 'or':
      return `(${expressionSql(e.left)} OR ${expressionSql(e.right)})`;
    case 'not':
      return `(NOT ${expressionSql(e.child)})`;
    case 'is-null':
      return `(${quoteIdent(e.column)} IS NULL)`;
    case 'not-null':
      return `(${quoteIdent(e.column)} IS NOT NULL)`;
    case 'in':
    case 'not-in':
      if (e.values.length === 0) return e.op === 'in' ? 'FALSE' : 'TRUE';
      return `(${quoteIdent(e.column)} ${e.op === 'in' ? 'IN' : 'NOT IN'} (${e.values.map(literal).join(', ')}))`;
    default: {
      const ops = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;
      return `(${quoteIdent(e.column)} ${ops[e.op]} ${literal(e.value)})`;
    }
  }
}

function local(io: FileIO, location: string): string {
  const path = io.duckdbPath(location);
  if (path === undefined) {
    throw featureUnsupported(`DuckDB cannot read ${location} directly (its storage has no DuckDB access)`, {
      location,
    });
  }
  return path;
}

/** Every storage root (`scheme://authority`, or the local file system) a plan's files live in. */
function storageRoots(plan: ScanPlan): string[] {
  const roots = new Map<string, string>();
  for (const t of plan.tasks) {
    for (const location of [t.dataFile.filePath, ...t.deletes.map((d) => d.filePath)]) {
      const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*)/.exec(location);
      const root = m ? m[1]! : 'file';
      if (!roots.has(root)) roots.set(root, location);
    }
  }
  return [...roots.values()];
}

/** Prepares `connection` to read every file of a plan (extensions and secrets for object storage). */
export async function prepareScanStorage(connection: DuckDBConnection, plan: ScanPlan, io: FileIO): Promise<void> {
  for (const location of storageRoots(plan)) await prepareDuckDBStorage(connection, io, location);
}

/**
 * One DuckDB SELECT reading a scan plan: `read_parquet` over the planned files with columns resolved
 * by Iceberg field id (renames and added columns work), position and equality deletes anti-joined
 * (equality deletes only against older data), the filter applied.
 */
export function planToSql(plan: ScanPlan, io: FileIO): string {
  const fields = plan.columns.map((c) => plan.schema.fields.find((f) => f.name === c)!);
  const select = fields.map((f) => quoteIdent(f.name)).join(', ');
  if (plan.tasks.length === 0) {
    const cols = fields.map((f) => `CAST(NULL AS ${duckdbType(f.type)}) AS ${quoteIdent(f.name)}`).join(', ');
    return `SELECT ${cols} WHERE FALSE`;
  }
  const all = plan.schema.fields;
  const mapping = all
    .map(
      (f) => `${f.id}: {name: ${quoteString(f.name)}, type: ${quoteString(duckdbType(f.type))}, default_value: NULL}`,
    )
    .join(', ');
  const files = plan.tasks.map((t) => quoteString(local(io, t.dataFile.filePath))).join(', ');
  const where = plan.filter.op === 'true' ? '' : ` WHERE ${expressionSql(plan.filter)}`;
  const deleteFiles = [...new Map(plan.tasks.flatMap((t) => t.deletes).map((d) => [d.filePath, d])).values()];
  if (deleteFiles.length === 0) {
    return `SELECT ${select} FROM read_parquet([${files}], schema := MAP {${mapping}})${where}`;
  }
  const conditions: string[] = [];
  const positional = deleteFiles.filter((d) => d.content === DataContent.PositionDeletes);
  if (positional.length > 0) {
    const paths = positional.map((d) => quoteString(local(io, d.filePath))).join(', ');
    conditions.push(
      `NOT EXISTS (SELECT 1 FROM read_parquet([${paths}]) __p WHERE __p.file_path = __d.__loc AND __p.pos = __d.file_row_number)`,
    );
  }
  const equality = deleteFiles.filter((d) => d.content === DataContent.EqualityDeletes);
  const seqOf = new Map(plan.tasks.flatMap((t) => [...t.deleteSequenceNumbers]));
  for (const d of equality) {
    const ids = d.equalityIds ?? [];
    const fields = ids.map((id) => {
      const f = all.find((x) => x.id === id);
      if (!f)
        throw featureUnsupported(`equality delete on field ${id}, which is not in the schema`, { file: d.filePath });
      return f;
    });
    if (fields.length === 0) continue;
    const eqMapping = fields
      .map((f) => `${f.id}: {name: 'c${f.id}', type: ${quoteString(duckdbType(f.type))}, default_value: NULL}`)
      .join(', ');
    const match = fields.map((f) => `__e.c${f.id} IS NOT DISTINCT FROM __d.${quoteIdent(f.name)}`).join(' AND ');
    conditions.push(
      `NOT EXISTS (SELECT 1 FROM read_parquet([${quoteString(local(io, d.filePath))}], schema := MAP {${eqMapping}}) __e WHERE __d.__seq < ${seqOf.get(d.filePath) ?? 0n} AND ${match})`,
    );
  }
  // Each data file's DuckDB path, its location as the manifests record it (what position deletes name) and its
  // data sequence number (what equality deletes compare with).
  const seqs = plan.tasks
    .map(
      (t) =>
        `(${quoteString(local(io, t.dataFile.filePath))}, ${quoteString(t.dataFile.filePath)}, ${t.sequenceNumber})`,
    )
    .join(', ');
  return [
    `SELECT ${select} FROM (`,
    `SELECT __r.*, __s.loc AS __loc, __s.seq AS __seq FROM read_parquet([${files}], schema := MAP {${mapping}}, filename = true, file_row_number = true) __r`,
    ` JOIN (VALUES ${seqs}) __s(path, loc, seq) ON __r.filename = __s.path`,
    `) __d WHERE ${conditions.join(' AND ')}`,
    where ? ` AND ${expressionSql(plan.filter)}` : '',
  ].join('');
}
