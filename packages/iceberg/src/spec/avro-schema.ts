import { featureUnsupported } from '../errors.js';
import type { AvroSchema } from './avro.js';
import { parseDecimal, parseFixed } from './datatypes.js';

/** Avro-compatible name for an Iceberg field name (invalid characters become `_x<HEX>`, as Java does). */
export function avroName(name: string): string {
  let out = '';
  for (const [i, ch] of Array.from(name).entries()) {
    const ok = /[A-Za-z_]/.test(ch) || (i > 0 && /[0-9]/.test(ch));
    out += ok ? ch : `_x${ch.codePointAt(0)!.toString(16).toUpperCase()}`;
  }
  return out;
}

/** Avro type for an Iceberg primitive type. */
export function avroPrimitive(type: string, name: string): unknown {
  switch (type) {
    case 'boolean':
    case 'int':
    case 'long':
    case 'float':
    case 'double':
    case 'string':
      return type;
    case 'binary':
      return 'bytes';
    case 'date':
      return { type: 'int', logicalType: 'date' };
    case 'time':
      return { type: 'long', logicalType: 'time-micros' };
    case 'timestamp':
      return { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': false };
    case 'timestamptz':
      return { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': true };
    case 'timestamp_ns':
      return { type: 'long', logicalType: 'timestamp-nanos', 'adjust-to-utc': false };
    case 'timestamptz_ns':
      return { type: 'long', logicalType: 'timestamp-nanos', 'adjust-to-utc': true };
    case 'uuid':
      return { type: 'fixed', name: `uuid_fixed_${name}`, size: 16, logicalType: 'uuid' };
  }
  const fixed = parseFixed(type);
  if (fixed !== undefined) return { type: 'fixed', name: `fixed_${name}`, size: fixed };
  const decimal = parseDecimal(type);
  if (decimal) {
    const size = decimalBytes(decimal.precision);
    return {
      type: 'fixed',
      name: `decimal_${decimal.precision}_${decimal.scale}_${name}`,
      size,
      logicalType: 'decimal',
      ...decimal,
    };
  }
  throw featureUnsupported(`no Avro type for ${type}`);
}

/** Minimum bytes to hold an unscaled decimal of `precision` digits. */
export function decimalBytes(precision: number): number {
  let bytes = 1;
  while (2 ** (8 * bytes - 1) < 10 ** precision) bytes++;
  return bytes;
}

export function optional(schema: unknown, name: string, fieldId: number, doc?: string): AvroSchema {
  return { name, type: ['null', schema], default: null, 'field-id': fieldId, ...(doc ? { doc } : {}) };
}
export function required(schema: unknown, name: string, fieldId: number, doc?: string): AvroSchema {
  return { name, type: schema, 'field-id': fieldId, ...(doc ? { doc } : {}) };
}
/** Iceberg map with int keys, encoded as Avro array of key/value records. */
export function intMap(keyId: number, valueId: number, valueType: unknown): unknown {
  return {
    type: 'array',
    logicalType: 'map',
    items: {
      type: 'record',
      name: `k${keyId}_v${valueId}`,
      fields: [
        { name: 'key', type: 'int', 'field-id': keyId },
        { name: 'value', type: valueType, 'field-id': valueId },
      ],
    },
  };
}
export function list(elementId: number, elementType: unknown): unknown {
  return { type: 'array', items: elementType, 'element-id': elementId };
}
