import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteString } from '../duckdb/types.js';
import type { NestedField } from '../spec/datatypes.js';
import { parseDecimal } from '../spec/datatypes.js';
import {
  compareValues,
  encodeValue,
  type IcebergValue,
  truncateBinaryLower,
  truncateBinaryUpper,
  truncateStringLower,
  truncateStringUpper,
} from '../spec/values.js';

/** Iceberg's default metrics mode: bounds truncated to 16 characters/bytes. */
export const DEFAULT_TRUNCATE = 16;

export interface FileStats {
  recordCount: number;
  columnSizes: Map<number, number>;
  valueCounts: Map<number, number>;
  nullValueCounts: Map<number, number>;
  lowerBounds: Map<number, Uint8Array>;
  upperBounds: Map<number, Uint8Array>;
  splitOffsets: number[];
}

function micros(text: string): bigint | undefined {
  const m =
    /^(-?\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([+-])(\d{2})(?::?(\d{2}))?)?$/.exec(
      text,
    );
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  let us = BigInt(ms) * 1000n + BigInt((m[7] ?? '').padEnd(6, '0').slice(0, 6) || '0');
  if (m[8]) {
    const offset = (Number(m[9]) * 60 + Number(m[10] ?? 0)) * 60_000_000;
    us += BigInt(m[8] === '+' ? -offset : offset);
  }
  return us;
}

/** Parses DuckDB's textual Parquet statistic into an Iceberg value (undefined: no usable bound). */
export function parseStat(type: string, text: string | null): IcebergValue | undefined {
  if (text === null) return undefined;
  switch (type) {
    case 'boolean':
      return text === 'true';
    case 'int':
      return Number(text);
    case 'long':
      return BigInt(text);
    case 'float':
    case 'double': {
      const n = Number(text);
      return Number.isNaN(n) ? undefined : n;
    }
    case 'date': {
      const d = Date.parse(`${text}T00:00:00Z`);
      return Number.isNaN(d) ? undefined : Math.round(d / 86_400_000);
    }
    case 'timestamp':
    case 'timestamptz':
      return micros(text);
    case 'string':
      return text;
  }
  const decimal = parseDecimal(type);
  if (decimal) {
    const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
    if (!m) return undefined;
    const frac = (m[3] ?? '').padEnd(decimal.scale, '0').slice(0, decimal.scale);
    const v = BigInt(`${m[2] || '0'}${frac}` || '0');
    return m[1] === '-' ? -v : v;
  }
  return undefined;
}

/** Stats of a Parquet file floe wrote, from DuckDB's parquet_metadata(). Top-level primitive columns only. */
export async function parquetStats(
  connection: DuckDBConnection,
  path: string,
  fields: readonly NestedField[],
  truncate = DEFAULT_TRUNCATE,
): Promise<FileStats> {
  const p = quoteString(path);
  // Files floe writes name their top-level columns after the table schema: map path_in_schema by name.
  const reader = await connection.runAndReadAll(
    `SELECT row_group_id, row_group_num_rows, path_in_schema, num_values, stats_min_value, stats_max_value,
            stats_null_count, total_compressed_size, file_offset, data_page_offset, dictionary_page_offset
       FROM parquet_metadata(${p})`,
  );
  const byId = new Map(fields.map((f) => [f.id, f]));
  const idByName = new Map(fields.map((f) => [f.name, f.id]));
  const stats: FileStats = {
    recordCount: 0,
    columnSizes: new Map(),
    valueCounts: new Map(),
    nullValueCounts: new Map(),
    lowerBounds: new Map(),
    upperBounds: new Map(),
    splitOffsets: [],
  };
  const groups = new Map<number, { rows: number; offset: number }>();
  const mins = new Map<number, IcebergValue | null>();
  const maxs = new Map<number, IcebergValue | null>();
  const add = (m: Map<number, number>, k: number, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const row of reader.getRowObjectsJS()) {
    const group = Number(row.row_group_id);
    const start = Number(row.dictionary_page_offset ?? row.data_page_offset ?? row.file_offset ?? 0);
    const g = groups.get(group);
    if (!g) groups.set(group, { rows: Number(row.row_group_num_rows), offset: start });
    else g.offset = Math.min(g.offset, start);
    const id = idByName.get(String(row.path_in_schema));
    const field = id === undefined ? undefined : byId.get(id);
    if (id === undefined || !field || typeof field.type !== 'string') continue;
    add(stats.columnSizes, id, Number(row.total_compressed_size ?? 0));
    add(stats.valueCounts, id, Number(row.num_values ?? 0));
    add(stats.nullValueCounts, id, Number(row.stats_null_count ?? 0));
    // A column chunk without stats makes the file's bound unknown (null marks "no bound").
    const lo = parseStat(field.type, (row.stats_min_value as string | null) ?? null);
    const hi = parseStat(field.type, (row.stats_max_value as string | null) ?? null);
    const allNull = Number(row.stats_null_count ?? 0) === Number(row.num_values ?? -1);
    if (allNull) continue;
    const curLo = mins.get(id);
    const curHi = maxs.get(id);
    mins.set(
      id,
      lo === undefined || curLo === null ? null : curLo === undefined || compareValues(lo, curLo) < 0 ? lo : curLo,
    );
    maxs.set(
      id,
      hi === undefined || curHi === null ? null : curHi === undefined || compareValues(hi, curHi) > 0 ? hi : curHi,
    );
  }
  for (const g of [...groups.values()].sort((a, b) => a.offset - b.offset)) {
    stats.recordCount += g.rows;
    stats.splitOffsets.push(g.offset);
  }
  for (const [id, v] of mins) {
    if (v === null) continue;
    const type = byId.get(id)!.type as string;
    const bound =
      type === 'string'
        ? truncateStringLower(v as string, truncate)
        : type === 'binary'
          ? truncateBinaryLower(v as Uint8Array, truncate)
          : v;
    stats.lowerBounds.set(id, encodeValue(type, bound));
  }
  for (const [id, v] of maxs) {
    if (v === null) continue;
    const type = byId.get(id)!.type as string;
    const bound =
      type === 'string'
        ? truncateStringUpper(v as string, truncate)
        : type === 'binary'
          ? truncateBinaryUpper(v as Uint8Array, truncate)
          : v;
    if (bound !== undefined) stats.upperBounds.set(id, encodeValue(type, bound));
  }
  return stats;
}
