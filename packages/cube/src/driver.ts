import type { QueryOptions, StreamOptions, StreamTableData } from '@cubejs-backend/base-driver';
import { requireCjs } from './cjs.js';
import type { TableBinder } from './tables/binder.js';

const { DuckDBDriver } = requireCjs('@cubejs-backend/duckdb-driver') as typeof import('@cubejs-backend/duckdb-driver');

type DriverConfig = ConstructorParameters<typeof DuckDBDriver>[0];

/**
 * Cube's DuckDB driver (unchanged) with floe's table binding in front: before each query, tables whose snapshot
 * changed are re-planned, so new Iceberg snapshots become visible without a restart.
 */
export class FloeDuckDBDriver extends DuckDBDriver {
  readonly #binder: TableBinder | undefined;

  constructor(config: DriverConfig, binder?: TableBinder) {
    super(config);
    this.#binder = binder;
  }

  /** Re-plan changed tables now (also used at startup, before the first query). */
  async syncTables(force = false): Promise<void> {
    if (!this.#binder) return;
    const { defaultConnection } = await this.getInitiatedState();
    await this.#binder.sync(defaultConnection, force);
  }

  override async query<R = unknown>(query: string, values?: unknown[], options?: QueryOptions): Promise<R[]> {
    await this.syncTables();
    return super.query<R>(query, values, options);
  }

  override async stream(query: string, values: unknown[], options: StreamOptions): Promise<StreamTableData> {
    await this.syncTables();
    return super.stream(query, values, options);
  }
}
