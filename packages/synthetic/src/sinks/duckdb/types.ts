import {
  BIGINT,
  DECIMAL,
  DuckDBEnumType,
  type DuckDBType,
  DuckDBTypeId,
  INTEGER,
  TIMESTAMPTZ,
  VARCHAR,
} from '@duckdb/node-api';
import type { ColumnSpec } from '../../columns/schema.js';

export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;
export const quoteString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * DuckDB type of a column as the generator lays it out in memory. Categories are ENUMs: DuckDB
 * writes them to Parquet as dictionary-encoded UTF-8 strings, at a fraction of the cost of strings.
 */
export function duckdbType(column: ColumnSpec): DuckDBType {
  switch (column.kind) {
    case 'id':
      return BIGINT;
    case 'timestamp':
      return TIMESTAMPTZ;
    case 'int':
      return INTEGER;
    case 'money':
      return DECIMAL(9, 2);
    case 'category':
      return new DuckDBEnumType(column.values!, DuckDBTypeId.UTINYINT);
    case 'text':
      return VARCHAR;
  }
}
