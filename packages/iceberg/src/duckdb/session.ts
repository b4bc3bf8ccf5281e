import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { duckdbInstanceOptions } from './storage.js';

let shared: Promise<DuckDBInstance> | undefined;

/** The process-wide in-memory DuckDB used for writing Parquet and reading stats. */
export function sharedDuckDB(): Promise<DuckDBInstance> {
  shared ??= DuckDBInstance.create(':memory:', duckdbInstanceOptions());
  return shared;
}

/** Runs `fn` with a fresh connection to the shared instance (closed afterwards). */
export async function withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const connection = await (await sharedDuckDB()).connect();
  try {
    return await fn(connection);
  } finally {
    connection.closeSync();
  }
}
