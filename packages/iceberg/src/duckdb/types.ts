import { featureUnsupported } from '../errors.js';
import { type IcebergType, isPrimitive, parseDecimal, parseFixed } from '../spec/datatypes.js';

const PRIMITIVE: Record<string, string> = {
  boolean: 'BOOLEAN',
  int: 'INTEGER',
  long: 'BIGINT',
  float: 'FLOAT',
  double: 'DOUBLE',
  date: 'DATE',
  time: 'TIME',
  timestamp: 'TIMESTAMP',
  timestamptz: 'TIMESTAMPTZ',
  timestamp_ns: 'TIMESTAMP_NS',
  timestamptz_ns: 'TIMESTAMPTZ',
  string: 'VARCHAR',
  uuid: 'UUID',
  binary: 'BLOB',
};

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** DuckDB SQL type for an Iceberg type. */
export function duckdbType(type: IcebergType): string {
  if (isPrimitive(type)) {
    const p = PRIMITIVE[type];
    if (p) return p;
    if (parseFixed(type) !== undefined) return 'BLOB';
    const d = parseDecimal(type);
    if (d) return `DECIMAL(${d.precision}, ${d.scale})`;
    throw featureUnsupported(`no DuckDB type for Iceberg type ${type}`);
  }
  switch (type.type) {
    case 'struct':
      return `STRUCT(${type.fields.map((f) => `${quoteIdent(f.name)} ${duckdbType(f.type)}`).join(', ')})`;
    case 'list':
      return `${duckdbType(type.element)}[]`;
    case 'map':
      return `MAP(${duckdbType(type.key)}, ${duckdbType(type.value)})`;
  }
}

/** The FIELD_IDS value of a column for `COPY ... (FORMAT parquet, FIELD_IDS {...})`. */
export function fieldIdsSpec(id: number, type: IcebergType): string {
  if (isPrimitive(type)) return String(id);
  switch (type.type) {
    case 'struct':
      return `{__duckdb_field_id: ${id}, ${type.fields.map((f) => `${quoteIdent(f.name)}: ${fieldIdsSpec(f.id, f.type)}`).join(', ')}}`;
    case 'list':
      return `{__duckdb_field_id: ${id}, element: ${fieldIdsSpec(type.elementId, type.element)}}`;
    case 'map':
      return `{__duckdb_field_id: ${id}, key: ${fieldIdsSpec(type.keyId, type.key)}, value: ${fieldIdsSpec(type.valueId, type.value)}}`;
  }
}
