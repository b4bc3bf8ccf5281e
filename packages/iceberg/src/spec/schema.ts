import { dataInvalid } from '../errors.js';
import {
  collectFieldIds,
  type IcebergType,
  isPrimitive,
  type NestedField,
  type StructType,
  structFromWire,
  structToWire,
} from './datatypes.js';

/** A table schema: a struct with an id and identifier fields. Field ids are unique (checked). */
export interface Schema {
  readonly schemaId: number;
  readonly identifierFieldIds: readonly number[];
  readonly fields: readonly NestedField[];
}

export function makeSchema(
  schemaId: number,
  fields: readonly NestedField[],
  identifierFieldIds: number[] = [],
): Schema {
  const ids = collectFieldIds({ type: 'struct', fields });
  const seen = new Set<number>();
  for (const id of ids) {
    if (seen.has(id)) throw dataInvalid(`duplicate field id ${id} in schema ${schemaId}`, { schemaId, fieldId: id });
    seen.add(id);
  }
  const names = new Set<string>();
  for (const f of fields) {
    if (names.has(f.name)) throw dataInvalid(`duplicate column name ${f.name}`, { schemaId });
    names.add(f.name);
  }
  for (const id of identifierFieldIds) {
    if (!seen.has(id)) throw dataInvalid(`identifier field ${id} is not in schema ${schemaId}`, { schemaId });
  }
  return Object.freeze({
    schemaId,
    identifierFieldIds: Object.freeze([...identifierFieldIds]),
    fields: Object.freeze([...fields]),
  });
}

export function schemaFromWire(wire: unknown): Schema {
  const struct = structFromWire(wire, 'schema');
  const o = wire as Record<string, unknown>;
  const schemaId = typeof o['schema-id'] === 'number' ? o['schema-id'] : 0;
  const ids = Array.isArray(o['identifier-field-ids']) ? (o['identifier-field-ids'] as number[]) : [];
  return makeSchema(schemaId, struct.fields, ids);
}

export function schemaToWire(schema: Schema): Record<string, unknown> {
  return {
    type: 'struct',
    'schema-id': schema.schemaId,
    ...(schema.identifierFieldIds.length > 0 ? { 'identifier-field-ids': [...schema.identifierFieldIds] } : {}),
    fields: structToWire({ type: 'struct', fields: schema.fields }).fields,
  };
}

export function highestFieldId(schema: Schema): number {
  return collectFieldIds({ type: 'struct', fields: schema.fields }).reduce((a, b) => Math.max(a, b), 0);
}

export function asStruct(schema: Schema): StructType {
  return { type: 'struct', fields: schema.fields };
}

/** A top-level or nested field by id. */
export function findField(schema: Schema, id: number): NestedField | undefined {
  const walk = (fields: readonly NestedField[]): NestedField | undefined => {
    for (const f of fields) {
      if (f.id === id) return f;
      const inner = nestedFields(f.type);
      const hit = inner && walk(inner);
      if (hit) return hit;
    }
    return undefined;
  };
  return walk(schema.fields);
}

function nestedFields(type: IcebergType): readonly NestedField[] | undefined {
  if (isPrimitive(type)) return undefined;
  return type.type === 'struct' ? type.fields : undefined;
}

/** A field by (dotted, case-sensitive) name: `a.b` for nested struct fields. */
export function findFieldByName(schema: Schema, name: string): NestedField | undefined {
  let fields: readonly NestedField[] | undefined = schema.fields;
  let found: NestedField | undefined;
  for (const part of name.split('.')) {
    found = fields?.find((f) => f.name === part);
    if (!found) return undefined;
    fields = nestedFields(found.type);
  }
  return found;
}

/**
 * Builds a schema from plain column definitions, assigning field ids 1..n in order
 * (nested ids after top-level ones). Convenience for callers creating tables.
 */
export interface ColumnDefinition {
  name: string;
  type: string;
  required?: boolean;
  doc?: string;
}
export function schemaFromColumns(columns: readonly ColumnDefinition[], identifierColumns: string[] = []): Schema {
  const fields = columns.map(
    (c, i): NestedField => ({
      id: i + 1,
      name: c.name,
      required: c.required ?? false,
      type: c.type,
      ...(c.doc !== undefined ? { doc: c.doc } : {}),
    }),
  );
  const ids = identifierColumns.map((n) => {
    const f = fields.find((x) => x.name === n);
    if (!f) throw dataInvalid(`identifier column ${n} is not a column`, { column: n });
    return f.id;
  });
  return makeSchema(0, fields, ids);
}
