import { makeSchema, type NestedField, type Schema } from '@floe/iceberg';
import type { ColumnKind, TableSpec } from '../columns/schema.js';

const ICEBERG_TYPES: Record<ColumnKind, string> = {
  id: 'long',
  int: 'int',
  money: 'decimal(9, 2)',
  timestamp: 'timestamptz',
  category: 'string',
  text: 'string',
};

/** The Iceberg schema of a generated table: field ids 1..n in column order, the key required. */
export function icebergSchema(table: TableSpec): Schema {
  const fields: NestedField[] = table.columns.map((c, i) => ({
    id: i + 1,
    name: c.name,
    required: !c.nullable,
    type: ICEBERG_TYPES[c.kind],
    doc: c.doc,
  }));
  return makeSchema(0, fields);
}

/** Parquet field ids by column name, matching `icebergSchema`. */
export function fieldIds(table: TableSpec): Record<string, number> {
  return Object.fromEntries(table.columns.map((c, i) => [c.name, i + 1]));
}
