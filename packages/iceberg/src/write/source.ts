import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdbType, quoteIdent, quoteString } from '../duckdb/types.js';
import { stringifyJson } from '../json.js';
import type { Schema } from '../spec/schema.js';

/**
 * What to write: plain rows (objects keyed by column name), a DuckDB query (run on `connection` when
 * given, so it may use that connection's tables), or Parquet files read by column name.
 */
export type WriteSource =
  | { rows: readonly Record<string, unknown>[] }
  | { sql: string; connection?: DuckDBConnection }
  | { parquet: string | readonly string[] };

function jsonValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(jsonValue);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, jsonValue(x)]));
  }
  return v;
}

/** Turns a source into a SQL query on `connection`; `dispose` removes temporary files. */
export async function sourceSql(
  source: WriteSource,
  schema: Schema,
  connection: DuckDBConnection,
): Promise<{ sql: string; dispose: () => Promise<void> }> {
  if ('sql' in source) return { sql: source.sql, dispose: async () => {} };
  if ('parquet' in source) {
    const files = (typeof source.parquet === 'string' ? [source.parquet] : [...source.parquet]).map(quoteString);
    return { sql: `SELECT * FROM read_parquet([${files.join(', ')}])`, dispose: async () => {} };
  }
  const path = join(tmpdir(), `floe-rows-${randomUUID()}.ndjson`);
  const names = new Set(source.rows.flatMap((r) => Object.keys(r)));
  const fields = schema.fields.filter((f) => names.has(f.name));
  const unknown = [...names].filter((n) => !schema.fields.some((f) => f.name === n));
  const lines = source.rows.map((r) => stringifyJson(jsonValue(r)));
  await writeFile(path, lines.join('\n'));
  const columns = fields.map((f) => `${quoteString(f.name)}: ${quoteString(duckdbType(f.type))}`).join(', ');
  const select = [...fields.map((f) => quoteIdent(f.name)), ...unknown.map(quoteIdent)].join(', ');
  void connection;
  return {
    sql:
      source.rows.length === 0
        ? `SELECT ${fields.map((f) => `CAST(NULL AS ${duckdbType(f.type)}) AS ${quoteIdent(f.name)}`).join(', ') || '1 AS __none'} WHERE FALSE`
        : `SELECT ${select || '*'} FROM read_json(${quoteString(path)}, format = 'newline_delimited', columns = {${columns}${unknown.length ? `, ${unknown.map((u) => `${quoteString(u)}: 'VARCHAR'`).join(', ')}` : ''}})`,
    dispose: () => rm(path, { force: true }),
  };
}
