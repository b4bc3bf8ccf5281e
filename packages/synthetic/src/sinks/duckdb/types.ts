import type { ColumnSpec, TableSpec } from '../../columns/schema.js';

export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;
export const quoteString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** DuckDB type of a column in the staging table (the in-memory layout the generators produce). */
export function stagingType(table: TableSpec, column: ColumnSpec): string {
  switch (column.kind) {
    case 'id':
      return 'BIGINT';
    case 'timestamp':
      return 'TIMESTAMPTZ';
    case 'int':
      return 'INTEGER';
    case 'money':
      return 'DECIMAL(9,2)';
    case 'category':
      return quoteIdent(enumTypeName(table, column));
    case 'text':
      return 'VARCHAR';
  }
}

export function enumTypeName(table: TableSpec, column: ColumnSpec): string {
  return `floe_${table.name}_${column.name}`;
}

/** Expression that turns a staging column into its output column (categories become strings). */
export function outputExpression(column: ColumnSpec): string {
  const id = quoteIdent(column.name);
  return column.kind === 'category' ? `${id}::VARCHAR AS ${id}` : id;
}

/** Bytes per value in a DuckDB vector for fixed-width kinds. */
export function vectorWidth(column: ColumnSpec): number {
  switch (column.kind) {
    case 'id':
    case 'timestamp':
      return 8;
    case 'int':
    case 'money':
      return 4;
    case 'category':
      return 1;
    case 'text':
      return 0;
  }
}
