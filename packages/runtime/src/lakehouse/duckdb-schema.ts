import type { DuckDBConnection } from '@duckdb/node-api';
import { operationError } from '@floe/core';
import type { ColumnDefinition } from '@floe/iceberg';

const SIMPLE: Record<string, string> = {
  BOOLEAN: 'boolean',
  TINYINT: 'int',
  SMALLINT: 'int',
  INTEGER: 'int',
  UTINYINT: 'int',
  USMALLINT: 'int',
  BIGINT: 'long',
  UINTEGER: 'long',
  HUGEINT: 'decimal(38, 0)',
  UBIGINT: 'decimal(20, 0)',
  FLOAT: 'float',
  DOUBLE: 'double',
  DATE: 'date',
  TIME: 'time',
  TIMESTAMP: 'timestamp',
  'TIMESTAMP WITH TIME ZONE': 'timestamptz',
  TIMESTAMP_NS: 'timestamp_ns',
  VARCHAR: 'string',
  UUID: 'uuid',
  BLOB: 'binary',
};

/** The Iceberg type of a DuckDB column type (primitive types; marts have no nested columns). */
export function icebergTypeOf(duckdbType: string): string | undefined {
  const simple = SIMPLE[duckdbType];
  if (simple) return simple;
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(duckdbType);
  if (decimal) return `decimal(${decimal[1]}, ${decimal[2]})`;
  return undefined;
}

/** Column definitions of a DuckDB relation, for creating the Iceberg table it is published to. */
export async function columnsOf(
  connection: DuckDBConnection,
  relationSql: string,
  what: string,
): Promise<ColumnDefinition[]> {
  const described = (await connection.runAndReadAll(`DESCRIBE (${relationSql})`)).getRowObjectsJS();
  return described.map((row) => {
    const name = String(row.column_name);
    const type = String(row.column_type);
    const iceberg = icebergTypeOf(type);
    if (!iceberg) {
      throw operationError(`${what}: column ${name} has DuckDB type ${type}, which floe cannot publish to Iceberg`, {
        hint: `cast ${name} to a plain type (VARCHAR, BIGINT, DOUBLE, DECIMAL, DATE, TIMESTAMP) in the dbt model`,
      });
    }
    return { name, type: iceberg };
  });
}
