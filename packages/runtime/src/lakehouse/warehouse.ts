import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { configError, type LoadedProject, operationError, resolvePath } from '@floe/core';
import { duckdbInstanceOptions, prepareProjectStorage } from '@floe/iceberg';

/** The DuckDB database file dbt writes (CompiledArtifacts.compute.path); only for the duckdb compute. */
export function warehouseFile(loaded: LoadedProject): string {
  const compute = loaded.artifacts.compute;
  if (compute.type !== 'duckdb') {
    throw configError(
      `compute profile "${compute.profile}" is ${compute.type}; floe's DuckDB warehouse is only used with duckdb`,
      {
        file: loaded.platformFile,
      },
    );
  }
  return resolvePath(loaded, compute.path);
}

/**
 * Opens the dbt warehouse for the duration of `fn`. DuckDB allows one writing process per file: when dbt holds it,
 * this fails with a message saying so.
 */
export async function withWarehouse<T>(
  loaded: LoadedProject,
  mode: 'read' | 'write',
  fn: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const file = warehouseFile(loaded);
  await mkdir(dirname(file), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file, {
      ...duckdbInstanceOptions(),
      ...(mode === 'read' ? { access_mode: 'READ_ONLY' } : {}),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw operationError(`cannot open the DuckDB warehouse ${file}: ${message}`, {
      hint: /lock/i.test(message) ? 'another process (a dbt run?) holds the file; wait for it to finish' : undefined,
      cause: error,
    });
  }
  const connection = await instance.connect();
  try {
    // Views over bronze files and dbt's models on them read the layers' buckets: extensions and secrets first.
    await prepareProjectStorage(connection, loaded);
    return await fn(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
