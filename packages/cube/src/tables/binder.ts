import type { DuckDBConnection } from '@duckdb/node-api';
import type { CubeLogger } from '../logger.js';
import { quoteTableName, sqlString, type TableSource } from './source.js';

export interface TableBinderOptions {
  /** At most one catalog check per interval; queries in between use the views as they are. Default 500 ms. */
  readonly minIntervalMs?: number;
  readonly logger?: CubeLogger;
}

/**
 * Keeps DuckDB views over a table source current: before a query, if the source reports a new snapshot for a table,
 * its view is re-planned. Also maintains `floe.snapshots` and the macro `floe_snapshot(name)`, which Cube refresh keys
 * call so that caches and pre-aggregations notice new snapshots.
 */
export class TableBinder {
  readonly #source: TableSource;
  readonly #minIntervalMs: number;
  readonly #logger: CubeLogger | undefined;
  readonly #bound = new Map<string, string | null>();
  readonly #prepared = new WeakSet<DuckDBConnection>();
  #lastCheck = 0;
  #inFlight: Promise<void> | undefined;

  constructor(source: TableSource, options: TableBinderOptions = {}) {
    this.#source = source;
    this.#minIntervalMs = options.minIntervalMs ?? 500;
    this.#logger = options.logger;
  }

  get source(): TableSource {
    return this.#source;
  }

  /** The snapshot currently bound per table. */
  bound(): ReadonlyMap<string, string | null> {
    return this.#bound;
  }

  /** Re-plan changed tables; throttled and single-flight. `force` skips the throttle. */
  async sync(connection: DuckDBConnection, force = false): Promise<void> {
    if (this.#inFlight) return this.#inFlight;
    if (!force && Date.now() - this.#lastCheck < this.#minIntervalMs) return;
    this.#inFlight = this.#syncNow(connection).finally(() => {
      this.#lastCheck = Date.now();
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  /**
   * Readiness: the source answers now (`TableSource.check`, else `list`). Never throttled, binds nothing, and leaves
   * the next `sync` as it was.
   */
  async check(): Promise<void> {
    if (this.#source.check) await this.#source.check();
    else await this.#source.list();
  }

  async #prepare(connection: DuckDBConnection): Promise<void> {
    if (this.#prepared.has(connection)) return;
    await connection.run('CREATE SCHEMA IF NOT EXISTS floe');
    await connection.run(
      'CREATE TABLE IF NOT EXISTS floe.snapshots (table_name VARCHAR PRIMARY KEY, snapshot_id VARCHAR, bound_at TIMESTAMP)',
    );
    await connection.run(
      "CREATE OR REPLACE MACRO floe_snapshot(t) AS (SELECT coalesce(max(snapshot_id), 'none') FROM floe.snapshots WHERE table_name = t)",
    );
    this.#prepared.add(connection);
  }

  async #syncNow(connection: DuckDBConnection): Promise<void> {
    await this.#prepare(connection);
    const tables = await this.#source.list();
    for (const table of tables) {
      if (this.#bound.has(table.name) && this.#bound.get(table.name) === table.snapshotId) continue;
      const { schema } = quoteTableName(table.name);
      await connection.run(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await this.#source.register(connection, table);
      const snapshot = table.snapshotId === null ? 'NULL' : sqlString(table.snapshotId);
      await connection.run(
        `INSERT OR REPLACE INTO floe.snapshots VALUES (${sqlString(table.name)}, ${snapshot}, current_timestamp::TIMESTAMP)`,
      );
      this.#logger?.debug?.('cube: bound table', { table: table.name, snapshotId: table.snapshotId });
      this.#bound.set(table.name, table.snapshotId);
    }
  }
}
