import type { QueryOptions, StreamOptions, StreamTableData, TableStructure } from '@cubejs-backend/base-driver';
import { requireCjs } from '../cjs.js';
import { READINESS_TIMEOUT_MS, withDeadline } from '../health.js';
import {
  quoteIdentifier,
  quoteLiteral,
  rewriteFloeSnapshot,
  type SnapshotRewriteOptions,
  type TrinoConnection,
} from './snapshot.js';

const { TrinoDriver } = requireCjs('@cubejs-backend/trino-driver') as typeof import('@cubejs-backend/trino-driver');

type DriverConfig = ConstructorParameters<typeof TrinoDriver>[0] & { checkInterval?: number };

/**
 * Cube's Trino driver (its client, its SQL dialect, its pre-aggregation builds through CREATE TABLE AS in the compute
 * catalog) with floe's `floe_snapshot(...)` rewritten to Trino SQL before a statement is sent, and two fixes made
 * through its protected API: results keep their order, and concurrent builds do not fail creating their schema. The
 * credentials go to the driver's HTTP client only; they are never part of a message.
 */
export class FloeTrinoDriver extends TrinoDriver {
  readonly #rewrite: SnapshotRewriteOptions;
  readonly #catalog: string;
  readonly #schema: string;
  #schemaCreation: Promise<void> = Promise.resolve();

  constructor(connection: TrinoConnection) {
    if (connection.password !== undefined && connection.jwtToken !== undefined) {
      throw new Error('Trino takes one way to authenticate: both a password and a JWT are set');
    }
    // Every key is set, even when undefined: Cube's driver otherwise fills gaps from CUBEJS_DB_* variables.
    const config: DriverConfig = {
      host: connection.host,
      port: String(connection.port),
      catalog: connection.catalog,
      schema: connection.schema,
      user: connection.user,
      basic_auth:
        connection.password === undefined ? undefined : { user: connection.user, password: connection.password },
      custom_auth: connection.jwtToken === undefined ? undefined : `Bearer ${connection.jwtToken}`,
      ssl: connection.tls === undefined ? undefined : connection.tls === true ? {} : { ca: connection.tls.ca },
      useSelectTestConnection: false,
      // presto-client waits this long between two polls of a running query (default 800 ms, which adds up to
      // seconds per Cube request); Trino itself holds each poll open until data is there.
      checkInterval: 25,
    };
    super(config);
    this.#catalog = connection.catalog;
    this.#schema = connection.schema;
    this.#rewrite = {
      catalog: connection.catalog,
      defaultSchema: connection.schema,
      ...(connection.layers ? { layers: connection.layers } : {}),
    };
  }

  /**
   * Cube's connection test, behind `/readyz`: Trino's `GET /v1/info` (Cube's own check; `useSelectTestConnection` is
   * off), failing on a refused connection or an error status as Cube's does, and also when Trino has not answered
   * within READINESS_TIMEOUT_MS. Cube's request has no timeout of its own: an accepted but unanswered connection would
   * hold the probe, and Cube answers every later probe with the result of the one in flight.
   */
  override async testConnection(): Promise<void> {
    await withDeadline(
      super.testConnection(),
      READINESS_TIMEOUT_MS,
      `Trino at ${this.config.host}:${this.config.port}`,
    );
  }

  /** The statement as sent to Trino. */
  rewrite(sql: string): string {
    return rewriteFloeSnapshot(sql, this.#rewrite);
  }

  // biome-ignore lint/suspicious/noExplicitAny: the signature of Cube's PrestoDriver.query
  override query(query: string, values: unknown[], _options?: QueryOptions): Promise<any[]> {
    return super.query(this.rewrite(query), values);
  }

  override stream(query: string, values: unknown[], options: StreamOptions): Promise<StreamTableData> {
    return super.stream(this.rewrite(query), values, options);
  }

  /**
   * Cube's driver collects the pages of a result by prepending each page to the rows before it, so a result of more
   * than one page (tens of thousands of rows) loses its ORDER BY. The same call of its client, with the pages kept in
   * the order Trino sends them. Streaming (pre-aggregation downloads) is Cube's own.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the signature of Cube's PrestoDriver.queryPromised
  override queryPromised(query: string, streaming: boolean): Promise<any[] | StreamTableData> {
    if (streaming) return super.queryPromised(query, true);
    return new Promise((resolve, reject) => {
      const pages: Record<string, unknown>[][] = [];
      this.client.execute({
        query,
        schema: this.config.schema || 'default',
        headers: this.config.headers,
        data: (_error: unknown, data: unknown[], columns: TableStructure) => {
          pages.push(this.normalizeResultOverColumns(data, columns));
        },
        success: () => resolve(pages.flat()),
        error: (error: { message: string; error?: unknown }) =>
          reject(new Error(error.error ? `${error.message}\n${String(error.error)}` : error.message)),
      });
    });
  }

  /**
   * Cube creates the pre-aggregation schema before every build, and builds run concurrently: two `CREATE SCHEMA IF
   * NOT EXISTS` racing on an Iceberg REST catalog make the loser fail with "already exists". One at a time here, and
   * a schema that exists is a success.
   */
  override async createSchemaIfNotExists(schemaName: string): Promise<void> {
    const previous = this.#schemaCreation;
    const current = previous.then(async () => {
      try {
        await super.createSchemaIfNotExists(schemaName);
      } catch (error) {
        if (!/already exists/i.test(String(error))) throw error;
      }
    });
    this.#schemaCreation = current.catch(() => undefined);
    return current;
  }

  /** Whether the session schema (gold) holds a table yet: before that every pre-aggregation build would fail. */
  async hasTables(): Promise<boolean> {
    const rows = await super.query(
      `SELECT count(*) AS n FROM ${quoteIdentifier(this.#catalog)}.information_schema.tables WHERE table_schema = ${quoteLiteral(this.#schema)}`,
      [],
    );
    return Number((rows[0] as { n?: unknown } | undefined)?.n ?? 0) > 0;
  }
}

const DEPRECATED_NAMES = /^The CUBEJS_DB_(CATALOG|SCHEMA) is deprecated/;

/**
 * A FloeTrinoDriver. Cube's driver looks up deprecated variable names as a fallback even when floe passes every
 * setting, and prints a deprecation warning to stderr for each: those two lines are dropped while it is built.
 */
export function createTrinoDriver(connection: TrinoConnection): FloeTrinoDriver {
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!DEPRECATED_NAMES.test(String(args[0]))) original(...args);
  };
  try {
    return new FloeTrinoDriver(connection);
  } finally {
    console.warn = original;
  }
}
