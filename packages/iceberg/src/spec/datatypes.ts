import { dataInvalid } from '../errors.js';

/** Iceberg types. The model keeps Iceberg's JSON shape with camelCase keys. */
export type PrimitiveType = string;

export interface NestedField {
  readonly id: number;
  readonly name: string;
  readonly required: boolean;
  readonly type: IcebergType;
  readonly doc?: string | undefined;
}
export interface StructType {
  readonly type: 'struct';
  readonly fields: readonly NestedField[];
}
export interface ListType {
  readonly type: 'list';
  readonly elementId: number;
  readonly elementRequired: boolean;
  readonly element: IcebergType;
}
export interface MapType {
  readonly type: 'map';
  readonly keyId: number;
  readonly key: IcebergType;
  readonly valueId: number;
  readonly valueRequired: boolean;
  readonly value: IcebergType;
}
export type IcebergType = PrimitiveType | StructType | ListType | MapType;

const PRIMITIVES = new Set([
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'timestamp_ns',
  'timestamptz_ns',
  'string',
  'uuid',
  'binary',
]);
const DECIMAL = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/;
const FIXED = /^fixed\[\s*(\d+)\s*\]$/;

export function isPrimitive(type: IcebergType): type is PrimitiveType {
  return typeof type === 'string';
}

export function parseDecimal(type: string): { precision: number; scale: number } | undefined {
  const m = DECIMAL.exec(type);
  return m ? { precision: Number(m[1]), scale: Number(m[2]) } : undefined;
}

export function parseFixed(type: string): number | undefined {
  const m = FIXED.exec(type);
  return m ? Number(m[1]) : undefined;
}

function checkPrimitive(type: string, path: string): string {
  if (PRIMITIVES.has(type)) return type;
  const decimal = parseDecimal(type);
  if (decimal) {
    if (decimal.precision < 1 || decimal.precision > 38 || decimal.scale > decimal.precision) {
      throw dataInvalid(`invalid decimal type ${type}`, { path });
    }
    return `decimal(${decimal.precision}, ${decimal.scale})`;
  }
  if (parseFixed(type) !== undefined) return type;
  throw dataInvalid(`unknown Iceberg type "${type}"`, { path });
}

type Json = Record<string, unknown>;
const obj = (v: unknown, path: string): Json => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw dataInvalid('expected an object', { path });
  return v as Json;
};
const int = (v: unknown, path: string): number => {
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw dataInvalid('expected an integer', { path });
  return n;
};
const bool = (v: unknown, path: string): boolean => {
  if (typeof v !== 'boolean') throw dataInvalid('expected a boolean', { path });
  return v;
};
const str = (v: unknown, path: string): string => {
  if (typeof v !== 'string') throw dataInvalid('expected a string', { path });
  return v;
};

/** Wire (kebab-case JSON) → model, checked. */
export function typeFromWire(wire: unknown, path = 'type'): IcebergType {
  if (typeof wire === 'string') return checkPrimitive(wire, path);
  const o = obj(wire, path);
  switch (o.type) {
    case 'struct':
      return structFromWire(o, path);
    case 'list':
      return Object.freeze({
        type: 'list',
        elementId: int(o['element-id'], `${path}.element-id`),
        elementRequired: bool(o['element-required'], `${path}.element-required`),
        element: typeFromWire(o.element, `${path}.element`),
      });
    case 'map':
      return Object.freeze({
        type: 'map',
        keyId: int(o['key-id'], `${path}.key-id`),
        key: typeFromWire(o.key, `${path}.key`),
        valueId: int(o['value-id'], `${path}.value-id`),
        valueRequired: bool(o['value-required'], `${path}.value-required`),
        value: typeFromWire(o.value, `${path}.value`),
      });
    default:
      throw dataInvalid(`unknown nested type ${String(o.type)}`, { path });
  }
}

export function structFromWire(wire: unknown, path = 'struct'): StructType {
  const o = obj(wire, path);
  if (!Array.isArray(o.fields)) throw dataInvalid('struct without fields', { path });
  const fields = o.fields.map((f, i) => {
    const p = `${path}.fields[${i}]`;
    const fo = obj(f, p);
    const field: NestedField = {
      id: int(fo.id, `${p}.id`),
      name: str(fo.name, `${p}.name`),
      required: bool(fo.required, `${p}.required`),
      type: typeFromWire(fo.type, `${p}.type`),
      ...(typeof fo.doc === 'string' ? { doc: fo.doc } : {}),
    };
    return Object.freeze(field);
  });
  return Object.freeze({ type: 'struct', fields: Object.freeze(fields) });
}

/** Model → wire (kebab-case JSON). */
export function typeToWire(type: IcebergType): unknown {
  if (isPrimitive(type)) return type;
  switch (type.type) {
    case 'struct':
      return structToWire(type);
    case 'list':
      return {
        type: 'list',
        'element-id': type.elementId,
        'element-required': type.elementRequired,
        element: typeToWire(type.element),
      };
    case 'map':
      return {
        type: 'map',
        'key-id': type.keyId,
        key: typeToWire(type.key),
        'value-id': type.valueId,
        'value-required': type.valueRequired,
        value: typeToWire(type.value),
      };
  }
}

export function structToWire(struct: StructType): { type: 'struct'; fields: unknown[] } {
  return {
    type: 'struct',
    fields: struct.fields.map((f) => ({
      id: f.id,
      name: f.name,
      required: f.required,
      type: typeToWire(f.type),
      ...(f.doc !== undefined ? { doc: f.doc } : {}),
    })),
  };
}

/** Every field id inside a type (nested fields, list elements, map keys and values). */
export function collectFieldIds(type: IcebergType, out: number[] = []): number[] {
  if (isPrimitive(type)) return out;
  if (type.type === 'struct') {
    for (const f of type.fields) {
      out.push(f.id);
      collectFieldIds(f.type, out);
    }
  } else if (type.type === 'list') {
    out.push(type.elementId);
    collectFieldIds(type.element, out);
  } else {
    out.push(type.keyId, type.valueId);
    collectFieldIds(type.key, out);
    collectFieldIds(type.value, out);
  }
  return out;
}
