import { dataInvalid } from '../errors.js';
import { parseDecimal, parseFixed } from './datatypes.js';
import { murmur3x86_32 } from './murmur3.js';
import { bigintToMinimalBytes, encodeValue, type IcebergValue, uuidToBytes } from './values.js';

export type Transform =
  | { kind: 'identity' }
  | { kind: 'bucket'; n: number }
  | { kind: 'truncate'; width: number }
  | { kind: 'year' }
  | { kind: 'month' }
  | { kind: 'day' }
  | { kind: 'hour' }
  | { kind: 'void' };

export function parseTransform(text: string): Transform {
  const m = /^(bucket|truncate)\[(\d+)\]$/.exec(text);
  if (m) {
    const n = Number(m[2]);
    if (n <= 0) throw dataInvalid(`invalid transform ${text}`);
    return m[1] === 'bucket' ? { kind: 'bucket', n } : { kind: 'truncate', width: n };
  }
  switch (text) {
    case 'identity':
    case 'year':
    case 'month':
    case 'day':
    case 'hour':
    case 'void':
      return { kind: text };
    default:
      throw dataInvalid(`unknown partition transform ${text}`, { transform: text });
  }
}

/** The type a transform produces from a source type. */
export function transformResultType(transform: Transform, sourceType: string): string {
  switch (transform.kind) {
    case 'identity':
    case 'truncate':
    case 'void':
      return sourceType;
    case 'bucket':
    case 'year':
    case 'month':
    case 'hour':
      return 'int';
    case 'day':
      return 'date';
  }
}

const MICROS_PER_HOUR = 3_600_000_000n;
const MICROS_PER_DAY = 86_400_000_000n;
const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));

function toMicros(type: string, v: IcebergValue): bigint {
  const x = BigInt(v as bigint | number);
  return type.endsWith('_ns') ? floorDiv(x, 1000n) : x;
}

function daysOf(type: string, v: IcebergValue): number {
  if (type === 'date') return Number(v);
  return Number(floorDiv(toMicros(type, v), MICROS_PER_DAY));
}

function ymd(days: number): { y: number; m: number } {
  const d = new Date(days * 86_400_000);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() };
}

function bucketBytes(type: string, v: IcebergValue): Uint8Array {
  if (type === 'int' || type === 'date' || type === 'long' || type.startsWith('time')) {
    return encodeValue('long', BigInt(v as number | bigint));
  }
  if (type === 'string') return Buffer.from(String(v), 'utf8');
  if (type === 'uuid') return uuidToBytes(String(v));
  if (type === 'binary' || parseFixed(type) !== undefined) return v as Uint8Array;
  if (parseDecimal(type)) return bigintToMinimalBytes(BigInt(v as bigint));
  throw dataInvalid(`bucket transform does not apply to ${type}`, { type });
}

/** Applies a transform to a value (null stays null). */
export function applyTransform(
  transform: Transform,
  sourceType: string,
  value: IcebergValue | null,
): IcebergValue | null {
  if (value === null || transform.kind === 'void') return null;
  switch (transform.kind) {
    case 'identity':
      return value;
    case 'bucket': {
      const hash = murmur3x86_32(bucketBytes(sourceType, value));
      return (hash & 0x7fffffff) % transform.n;
    }
    case 'truncate': {
      const w = transform.width;
      if (sourceType === 'int') {
        const v = Number(value);
        return v - (((v % w) + w) % w);
      }
      if (sourceType === 'long' || parseDecimal(sourceType)) {
        const v = BigInt(value as bigint);
        const W = BigInt(w);
        return v - (((v % W) + W) % W);
      }
      if (sourceType === 'string') return Array.from(String(value)).slice(0, w).join('');
      if (sourceType === 'binary') return (value as Uint8Array).slice(0, w);
      throw dataInvalid(`truncate does not apply to ${sourceType}`, { type: sourceType });
    }
    case 'year':
      return ymd(daysOf(sourceType, value)).y - 1970;
    case 'month': {
      const { y, m } = ymd(daysOf(sourceType, value));
      return (y - 1970) * 12 + m;
    }
    case 'day':
      return daysOf(sourceType, value);
    case 'hour':
      if (sourceType === 'date') throw dataInvalid('hour transform does not apply to date');
      return Number(floorDiv(toMicros(sourceType, value), MICROS_PER_HOUR));
  }
}

/** Human-readable partition value, as used in data file paths (`day=2024-01-02`). */
export function transformToPath(transform: Transform, value: IcebergValue | null): string {
  if (value === null) return 'null';
  switch (transform.kind) {
    case 'year':
      return String(1970 + Number(value));
    case 'month': {
      const v = Number(value);
      const y = 1970 + Math.floor(v / 12);
      return `${y}-${String((((v % 12) + 12) % 12) + 1).padStart(2, '0')}`;
    }
    case 'day':
      return new Date(Number(value) * 86_400_000).toISOString().slice(0, 10);
    case 'hour':
      return new Date(Number(value) * 3_600_000).toISOString().slice(0, 13);
    default:
      return value instanceof Uint8Array ? Buffer.from(value).toString('base64url') : encodeURIComponent(String(value));
  }
}
