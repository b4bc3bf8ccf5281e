import type { DataFile } from '../spec/manifest.js';
import type { PartitionSpec } from '../spec/partition.js';
import { findFieldByName, type Schema } from '../spec/schema.js';
import { applyTransform, parseTransform } from '../spec/transform.js';
import { compareValues, decodeValue, type IcebergValue } from '../spec/values.js';
import type { Expression } from './expression.js';
import { toIcebergValue } from './literals.js';

type Column = { id: number; type: string };

function column(schema: Schema, name: string): Column | undefined {
  const f = findFieldByName(schema, name);
  return f && typeof f.type === 'string' ? { id: f.id, type: f.type } : undefined;
}

/**
 * Could a data file contain rows matching `e`? Uses column bounds and null counts.
 * Conservative: returns true when stats are missing. `e` must be free of `not` (see rewriteNot).
 */
export function fileMightMatch(e: Expression, file: DataFile, schema: Schema): boolean {
  switch (e.op) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'and':
      return fileMightMatch(e.left, file, schema) && fileMightMatch(e.right, file, schema);
    case 'or':
      return fileMightMatch(e.left, file, schema) || fileMightMatch(e.right, file, schema);
    case 'not':
      return true;
  }
  const col = column(schema, e.column);
  if (!col) return true;
  const nulls = file.nullValueCounts?.get(col.id);
  const values = file.valueCounts?.get(col.id);
  const allNull = nulls !== undefined && values !== undefined && nulls === values;
  if (e.op === 'is-null') return nulls === undefined || nulls > 0;
  if (e.op === 'not-null') return !allNull;
  if (allNull) return false;
  const loRaw = file.lowerBounds?.get(col.id);
  const hiRaw = file.upperBounds?.get(col.id);
  const lo = loRaw ? safeDecode(col.type, loRaw) : undefined;
  const hi = hiRaw ? safeDecode(col.type, hiRaw) : undefined;
  const lit = (v: Parameters<typeof toIcebergValue>[1]) => toIcebergValue(col.type, v);
  const cmp = (a: IcebergValue | undefined, b: IcebergValue | undefined) =>
    a === undefined || b === undefined ? undefined : compareValues(a, b);
  switch (e.op) {
    case 'eq': {
      const v = lit(e.value);
      return !((cmp(v, lo) ?? 0) < 0 || (cmp(v, hi) ?? 0) > 0);
    }
    case 'in':
      return e.values.some((x) => fileMightMatch({ op: 'eq', column: e.column, value: x }, file, schema));
    case 'ne':
    case 'not-in':
      return true;
    case 'lt':
      return (cmp(lo, lit(e.value)) ?? -1) < 0;
    case 'le':
      return (cmp(lo, lit(e.value)) ?? -1) <= 0;
    case 'gt':
      return (cmp(hi, lit(e.value)) ?? 1) > 0;
    case 'ge':
      return (cmp(hi, lit(e.value)) ?? 1) >= 0;
  }
}

function safeDecode(type: string, b: Uint8Array): IcebergValue | undefined {
  try {
    return decodeValue(type, b);
  } catch {
    return undefined;
  }
}

/**
 * Could a file with these partition values contain matching rows? Projects each predicate through
 * the partition transforms (inclusive projection). `e` must be free of `not`.
 */
export function partitionMightMatch(
  e: Expression,
  partition: readonly (IcebergValue | null)[],
  spec: PartitionSpec,
  schema: Schema,
): boolean {
  switch (e.op) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'and':
      return (
        partitionMightMatch(e.left, partition, spec, schema) && partitionMightMatch(e.right, partition, spec, schema)
      );
    case 'or':
      return (
        partitionMightMatch(e.left, partition, spec, schema) || partitionMightMatch(e.right, partition, spec, schema)
      );
    case 'not':
      return true;
  }
  const col = column(schema, e.column);
  if (!col) return true;
  for (const [i, pf] of spec.fields.entries()) {
    if (pf.sourceId !== col.id) continue;
    const t = parseTransform(pf.transform);
    const pv = partition[i] ?? null;
    if (e.op === 'is-null') {
      if (t.kind !== 'void' && pv !== null) return false;
      continue;
    }
    if (e.op === 'not-null') {
      if (
        t.kind !== 'void' &&
        pv === null &&
        (t.kind === 'identity' ||
          t.kind === 'bucket' ||
          t.kind === 'truncate' ||
          t.kind === 'day' ||
          t.kind === 'hour' ||
          t.kind === 'month' ||
          t.kind === 'year')
      )
        return false;
      continue;
    }
    if (e.op === 'ne' || e.op === 'not-in' || t.kind === 'void') continue;
    if (pv === null) return false;
    const project = (v: Parameters<typeof toIcebergValue>[1]) => {
      const iv = toIcebergValue(col.type, v);
      return iv === undefined ? undefined : applyTransform(t, col.type, iv);
    };
    const ordered = t.kind !== 'bucket';
    const check = (op: string, v: Parameters<typeof toIcebergValue>[1]): boolean => {
      const p = project(v);
      if (p === undefined || p === null) return true;
      const c = compareValues(pv, p);
      if (op === 'eq') return c === 0;
      if (!ordered) return true;
      // inclusive projection: transforms are monotonic, so compare with <= / >=
      if (op === 'lt' || op === 'le') return c <= 0;
      return c >= 0;
    };
    const ok = e.op === 'in' ? e.values.some((v) => check('eq', v)) : 'value' in e ? check(e.op, e.value) : true;
    if (!ok) return false;
  }
  return true;
}
