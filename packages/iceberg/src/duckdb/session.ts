import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { bindConnectionToInstance, duckdbInstanceOptions } from './storage.js';

let shared: Promise<DuckDBInstance> | undefined;

/** The process-wide in-memory DuckDB used for writing Parquet and reading stats. */
export function sharedDuckDB(): Promise<DuckDBInstance> {
  shared ??= DuckDBInstance.create(':memory:', duckdbInstanceOptions());
  return shared;
}

/** Runs `fn` with a fresh connection to the shared instance (closed afterwards). */
export async function withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await sharedDuckDB();
  const connection = await instance.connect();
  bindConnectionToInstance(connection, instance);
  try {
    return await fn(connection);
  } finally {
    connection.closeSync();
  }
}
