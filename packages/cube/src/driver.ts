import type { QueryOptions, StreamOptions, StreamTableData } from '@cubejs-backend/base-driver';
import { requireCjs } from './cjs.js';
import { READINESS_TIMEOUT_MS, withDeadline } from './health.js';
import type { TableBinder } from './tables/binder.js';

const { DuckDBDriver } = requireCjs('@cubejs-backend/duckdb-driver') as typeof import('@cubejs-backend/duckdb-driver');

type DriverConfig = ConstructorParameters<typeof DuckDBDriver>[0];

/**
 * Cube's DuckDB driver (unchanged) with floe's table binding in front: before each query, tables whose snapshot
 * changed are re-planned, so new Iceberg snapshots become visible without a restart.
 */
export class FloeDuckDBDriver extends DuckDBDriver {
  readonly #binder: TableBinder | undefined;
  #check: Promise<void> | undefined;

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

  /**
   * Cube's connection test, behind `/readyz` (and run when Cube first opens the driver): DuckDB answers `SELECT 1` and,
   * with a table source, the catalog and the object storage answer within READINESS_TIMEOUT_MS (`TableBinder.check`).
   * Unlike the check before a query it is neither throttled nor skipped, and it binds nothing: `/readyz` fails while
   * the catalog or the storage is unreachable and recovers as soon as they answer. One check at a time: a probe that
   * arrives meanwhile waits for the check in flight.
   */
  override async testConnection(): Promise<void> {
    await super.query('SELECT 1', []);
    if (!this.#binder) return;
    this.#check ??= this.#binder.check().finally(() => {
      this.#check = undefined;
    });
    await withDeadline(this.#check, READINESS_TIMEOUT_MS, 'the catalog or the object storage of the tables');
  }

  /**
   * Ignored: the driver is floe's and lives as long as the server (`close`). Cube releases a driver whose first
   * connection test failed, and that would close DuckDB, with the views over the tables and the pre-aggregations,
   * when the catalog happens to be down as Cube first opens the driver.
   */
  override async release(): Promise<void> {}

  /** Close DuckDB (the server stops). */
  async close(): Promise<void> {
    await super.release();
  }
}
