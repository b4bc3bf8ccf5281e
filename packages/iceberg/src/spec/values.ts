import { dataInvalid } from '../errors.js';
import { parseDecimal, parseFixed } from './datatypes.js';

/**
 * In-memory representation of Iceberg primitive values:
 * boolean → boolean; int, date → number; long, time, timestamp[tz][_ns] → bigint (micros/nanos);
 * float, double → number; string, uuid → string; binary, fixed → Uint8Array; decimal → bigint (unscaled).
 */
export type IcebergValue = boolean | number | bigint | string | Uint8Array;

const INT_TYPES = new Set(['int', 'date']);
const LONG_TYPES = new Set(['long', 'time', 'timestamp', 'timestamptz', 'timestamp_ns', 'timestamptz_ns']);

/** Big-endian minimal two's complement bytes of an integer. */
export function bigintToMinimalBytes(value: bigint): Uint8Array {
  const out: number[] = [];
  let v = value;
  for (;;) {
    const byte = Number(v & 0xffn);
    out.unshift(byte);
    v >>= 8n;
    if ((v === 0n && (byte & 0x80) === 0) || (v === -1n && (byte & 0x80) !== 0)) break;
  }
  return Uint8Array.from(out);
}

export function bytesToBigint(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  if ((bytes[0]! & 0x80) !== 0) v -= 1n << BigInt(bytes.length * 8);
  return v;
}

export function uuidToBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw dataInvalid(`invalid uuid ${uuid}`);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

export function bytesToUuid(bytes: Uint8Array): string {
  const h = Buffer.from(bytes).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Iceberg single-value binary serialisation (used for manifest lower/upper bounds). */
export function encodeValue(type: string, value: IcebergValue): Uint8Array {
  const buf = (n: number) => Buffer.alloc(n);
  if (type === 'boolean') return Uint8Array.of(value ? 1 : 0);
  if (INT_TYPES.has(type)) {
    const b = buf(4);
    b.writeInt32LE(Number(value));
    return b;
  }
  if (LONG_TYPES.has(type)) {
    const b = buf(8);
    b.writeBigInt64LE(BigInt(value as bigint | number));
    return b;
  }
  if (type === 'float') {
    const b = buf(4);
    b.writeFloatLE(Number(value));
    return b;
  }
  if (type === 'double') {
    const b = buf(8);
    b.writeDoubleLE(Number(value));
    return b;
  }
  if (type === 'string') return Buffer.from(String(value), 'utf8');
  if (type === 'uuid') return uuidToBytes(String(value));
  if (type === 'binary' || parseFixed(type) !== undefined) return value as Uint8Array;
  if (parseDecimal(type)) return bigintToMinimalBytes(BigInt(value as bigint));
  throw dataInvalid(`cannot encode a value of type ${type}`, { type });
}

export function decodeValue(type: string, bytes: Uint8Array): IcebergValue {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === 'boolean') return b[0] !== 0;
  if (INT_TYPES.has(type)) return b.readInt32LE(0);
  if (LONG_TYPES.has(type)) {
    // v1 tables may store int bounds for long columns after type promotion.
    return b.length === 4 ? BigInt(b.readInt32LE(0)) : b.readBigInt64LE(0);
  }
  if (type === 'float') return b.readFloatLE(0);
  if (type === 'double') return b.length === 4 ? b.readFloatLE(0) : b.readDoubleLE(0);
  if (type === 'string') return b.toString('utf8');
  if (type === 'uuid') return bytesToUuid(b);
  if (type === 'binary' || parseFixed(type) !== undefined) return Uint8Array.from(b);
  if (parseDecimal(type)) return bytesToBigint(b);
  throw dataInvalid(`cannot decode a value of type ${type}`, { type });
}

/** Lower bound for a string: at most `length` code points (a prefix is <= the value). */
export function truncateStringLower(value: string, length: number): string {
  const cps = Array.from(value);
  return cps.length <= length ? value : cps.slice(0, length).join('');
}

/**
 * Upper bound for a string: the first `length` code points with the last one incremented so the result
 * is > every value with that prefix; undefined when no such bound exists (all code points at the max).
 */
export function truncateStringUpper(value: string, length: number): string | undefined {
  const cps = Array.from(value);
  if (cps.length <= length) return value;
  const prefix = cps.slice(0, length);
  for (let i = prefix.length - 1; i >= 0; i--) {
    let cp = prefix[i]!.codePointAt(0)! + 1;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xe000; // skip surrogates
    if (cp <= 0x10ffff) return prefix.slice(0, i).join('') + String.fromCodePoint(cp);
  }
  return undefined;
}

export function truncateBinaryLower(value: Uint8Array, length: number): Uint8Array {
  return value.length <= length ? value : value.slice(0, length);
}

export function truncateBinaryUpper(value: Uint8Array, length: number): Uint8Array | undefined {
  if (value.length <= length) return value;
  const out = value.slice(0, length);
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i]! < 0xff) {
      out[i]! += 1;
      return out.slice(0, i + 1);
    }
  }
  return undefined;
}

/** Total order of values of one type (for pruning); strings compare by UTF-8 bytes as Iceberg does. */
export function compareValues(a: IcebergValue, b: IcebergValue): number {
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    if (typeof a === 'bigint' || typeof b === 'bigint') {
      const x = typeof a === 'bigint' ? a : BigInt(Math.trunc(a));
      const y = typeof b === 'bigint' ? b : BigInt(Math.trunc(b));
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  throw dataInvalid('cannot compare values of different types');
}
