import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { configError, type LoadedProject, operationError, redact } from '@floe/core';
import { requireCubeToken } from './auth.js';
import { requireCjs } from './cjs.js';
import { cubeMeta } from './client.js';
import { CompatServerCore } from './compat/core.js';
import { withCubeWarningsLogged } from './console-capture.js';
import { FloeServerCore } from './core.js';
import { FloeDuckDBDriver } from './driver.js';
import { applyCubeEnvironment, type CubeDbType, type CubeMode } from './environment.js';
import { generateApiSecret, signCubeToken } from './jwt.js';
import { type CubeLogger, cubeLogAdapter, redactingLogger, silentLogger } from './logger.js';
import { detectCubeNative } from './native.js';
import { type ProjectCubeOptions, projectCubeOptions } from './project.js';
import { startRefreshLoop } from './refresh-loop.js';
import { modelRepository } from './repository.js';
import { TableBinder } from './tables/binder.js';
import type { TableSource } from './tables/source.js';
import { createTrinoDriver, FloeTrinoDriver } from './trino/driver.js';
import type { TrinoConnection } from './trino/snapshot.js';

const express = requireCjs('express') as () => RequestListener;

export interface StartCubeOptions {
  /** The Cube model folder; relative paths resolve against `projectDir`. */
  readonly modelDir: string;
  readonly projectDir?: string;
  /** TCP port on `host`; 0 picks a free one. Default 4000. */
  readonly port?: number;
  readonly host?: string;
  /** Secret for the JWTs of the REST API; generated when absent (local runs). Never logged. */
  readonly apiSecret?: string;
  /** Where the gold tables come from (Iceberg through floe's scan planning, or Parquet files). DuckDB only. */
  readonly tables?: TableSource;
  /** DuckDB database of Cube (pre-aggregations live there). Default in memory. DuckDB only. */
  readonly databasePath?: string;
  /**
   * Run Cube's queries on this Trino instead of DuckDB: Trino reads the Iceberg tables itself (no `tables`), and
   * pre-aggregations are tables of the schema `floe_pre_aggregations` in its catalog.
   */
  readonly trino?: TrinoConnection;
  /** 'auto' (default) uses real Cube with its native module when it loads, floe's compatibility mode otherwise. */
  readonly mode?: 'auto' | CubeMode;
  /** Seconds between Cube's background refresh runs (pre-aggregation builds); false disables them. Default 1. */
  readonly refreshIntervalSeconds?: number | false;
  /** Minimum milliseconds between two checks of the table source for new snapshots. Default 500. */
  readonly tableCheckIntervalMs?: number;
  readonly logger?: CubeLogger;
}

export interface CubeServer {
  /** Base URL, e.g. http://127.0.0.1:4000 (the REST API is under /cubejs-api/v1). */
  readonly url: string;
  readonly port: number;
  readonly mode: CubeMode;
  /** The database Cube's queries run on. */
  readonly dbType: CubeDbType;
  /** A JWT for the REST API signed with the API secret. */
  readonly token: string;
  /** Re-check the table source now and re-plan changed tables. */
  syncTables(): Promise<void>;
  stop(): Promise<void>;
}

function resolveMode(requested: StartCubeOptions['mode'] = 'auto'): { mode: CubeMode; reason?: string } {
  const native = detectCubeNative();
  if (requested === 'native' && !native.available) {
    throw configError(`Cube's native module does not load here: ${native.reason}`, {
      hint: "install @cubejs-backend/native with its install script (online), or use mode 'auto' or 'compat'",
    });
  }
  if (requested === 'compat') return { mode: 'compat', reason: 'requested' };
  if (native.available) return { mode: 'native' };
  return native.reason === undefined ? { mode: 'compat' } : { mode: 'compat', reason: native.reason };
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(
          operationError(`port ${port} on ${host} is taken: Cube cannot listen there`, {
            hint: 'stop the process using it or choose another Cube port (services.cube.url in the platform file)',
          }),
        );
      } else reject(operationError(`Cube cannot listen on ${host}:${port}: ${error.message}`, { cause: error }));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The driver floe hands to Cube, with what the server needs to know about it. */
interface Backend {
  readonly dbType: CubeDbType;
  readonly driver: FloeDuckDBDriver | FloeTrinoDriver;
  /** Cube's SQL dialect for the driver (pinned per server, whatever CUBEJS_DB_TYPE says). */
  readonly dialect: unknown;
  syncTables(force?: boolean): Promise<void>;
  /** Whether there is anything to build pre-aggregations from yet. */
  hasTables(): Promise<boolean>;
  /** Release the driver's connections (the server stops; Cube's own release calls do not close floe's DuckDB). */
  close(): Promise<void>;
}

async function openBackend(options: StartCubeOptions, logger: CubeLogger): Promise<Backend> {
  if (options.trino) {
    if (options.tables || options.databasePath) {
      throw configError('startCube: `tables` and `databasePath` are for DuckDB; Trino reads the tables itself', {
        hint: 'pass either `trino` or `tables`',
      });
    }
    const driver = createTrinoDriver(options.trino);
    let tablesSeen = false;
    return {
      dbType: 'trino',
      driver,
      dialect: FloeTrinoDriver.dialectClass(),
      syncTables: async () => {},
      // Once the gold schema has a table it keeps having one: Trino is asked until then only.
      hasTables: async () => {
        tablesSeen ||= await driver.hasTables();
        return tablesSeen;
      },
      close: () => driver.release(),
    };
  }
  const binder = options.tables
    ? new TableBinder(options.tables, {
        logger,
        ...(options.tableCheckIntervalMs === undefined ? {} : { minIntervalMs: options.tableCheckIntervalMs }),
      })
    : undefined;
  const driver = new FloeDuckDBDriver({ databasePath: options.databasePath ?? ':memory:' }, binder);
  await driver.syncTables(true);
  return {
    dbType: 'duckdb',
    driver,
    dialect: FloeDuckDBDriver.dialectClass(),
    syncTables: (force) => driver.syncTables(force),
    hasTables: async () => {
      if (!binder) return true;
      await driver.syncTables();
      return binder.bound().size > 0;
    },
    close: () => driver.close(),
  };
}

/**
 * Start Cube (real Cube packages) over DuckDB or Trino: either with explicit options, or for a loaded project (its
 * Cube model; with DuckDB compute its silver and gold Iceberg layers as views `silver.<table>` and `gold.<table>`,
 * with Trino compute the project's Trino, which reads those tables itself).
 */
export function startCube(options: StartCubeOptions): Promise<CubeServer>;
export function startCube(project: LoadedProject, options: ProjectCubeOptions): Promise<CubeServer>;
export function startCube(first: StartCubeOptions | LoadedProject, second?: ProjectCubeOptions): Promise<CubeServer> {
  if ('artifacts' in first) {
    if (!second) throw new TypeError('startCube(project, options): options are required');
    return projectCubeOptions(first, second).then(startCubeServer);
  }
  return startCubeServer(first);
}

async function startCubeServer(options: StartCubeOptions): Promise<CubeServer> {
  const secrets = [options.trino?.password, options.trino?.jwtToken].filter((s): s is string => s !== undefined);
  const logger = redactingLogger(options.logger ?? silentLogger, secrets);
  const { mode, reason } = resolveMode(options.mode);
  const dbType: CubeDbType = options.trino ? 'trino' : 'duckdb';
  const applied = applyCubeEnvironment(mode, process.env, dbType);
  if (mode === 'compat') {
    logger.warn(
      "cube: degraded mode: Cube's native module is not available, so floe runs Cube in compatibility mode " +
        '(REST /load and /meta work; SQL API, Jinja/Python models and the Tesseract planner are unavailable)',
      { reason },
    );
  }
  logger.debug?.('cube: environment', { applied });

  const modelDir = path.resolve(options.projectDir ?? '.', options.modelDir);
  const backend = await openBackend(options, logger);
  const { driver } = backend;

  const apiSecret = options.apiSecret ?? generateApiSecret();
  const orchestratorId = `floe_${randomBytes(6).toString('hex')}`;
  const refresh = options.refreshIntervalSeconds ?? 1;
  const coreOptions = {
    apiSecret,
    checkAuth: requireCubeToken(apiSecret),
    repositoryFactory: () => modelRepository(modelDir),
    driverFactory: () => driver,
    // Cube types this as an instance; it is the query class (what its default factory returns too).
    dialectFactory: () => backend.dialect as never,
    logger: cubeLogAdapter(logger),
    telemetry: false,
    devServer: false,
    preAggregationsSchema: 'floe_pre_aggregations',
    // Cube's in-memory query queue and result cache are shared by every Cube of a process and keyed by this id (by
    // default one constant): with two servers in one process, one would run the other's queries on its own driver.
    contextToOrchestratorId: () => orchestratorId,
    scheduledRefreshTimer: false,
    // Cube answers "Continue wait" after this many seconds (clients poll); each query also leaves a timer of this
    // length behind, which keeps a finished process alive that long.
    orchestratorOptions: {
      queryCacheOptions: { queueOptions: { continueWaitTimeout: 2 } },
      preAggregationsOptions: { queueOptions: { continueWaitTimeout: 2 } },
    },
  };
  const app = express();
  const core = await withCubeWarningsLogged(logger, async () => {
    const created = mode === 'native' ? new FloeServerCore(coreOptions) : new CompatServerCore(coreOptions);
    await created.initApp(app as never);
    return created;
  });
  const server = createServer(app);
  let port: number;
  try {
    port = await listen(server, options.port ?? 4000, options.host ?? '127.0.0.1');
  } catch (error) {
    await core.beforeShutdown().catch(() => undefined);
    await core.shutdown().catch(() => undefined);
    await backend.close().catch(() => undefined);
    throw error;
  }
  // Before the first tables are published (a new project's first batch is still running) every pre-aggregation would
  // fail with "schema gold does not exist": the scheduled refresh waits for tables instead, and says so once.
  let waitingSaid = false;
  const scheduledRefresh = async () => {
    if (!(await backend.hasTables())) {
      if (!waitingSaid) logger.info('cube: no tables to read yet; pre-aggregations build once the first are published');
      waitingSaid = true;
      return;
    }
    return core.handleScheduledRefreshInterval({});
  };
  const refreshLoop =
    refresh === false
      ? undefined
      : startRefreshLoop(
          () => scheduledRefresh(),
          refresh * 1000,
          (error) => logger.warn('cube: scheduled refresh failed', { error: String(error) }),
        );
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const token = signCubeToken(apiSecret);
  try {
    await cubeMeta(url, token, { timeoutMs: 60_000 });
  } catch (error) {
    await closeServer(server);
    await refreshLoop?.stop();
    await core.beforeShutdown().catch(() => undefined);
    await core.shutdown().catch(() => undefined);
    await backend.close().catch(() => undefined);
    throw configError(`the Cube model in ${modelDir} does not compile: ${redact((error as Error).message, secrets)}`, {
      hint: 'fix the model files named in the message',
      cause: error,
    });
  }
  logger.info('cube: listening', {
    url,
    mode,
    model: modelDir,
    database: options.trino
      ? `trino ${options.trino.host}:${options.trino.port} catalog ${options.trino.catalog} schema ${options.trino.schema}`
      : 'duckdb',
  });

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    mode,
    dbType,
    token,
    syncTables: () => backend.syncTables(true),
    stop() {
      stopped ??= (async () => {
        await closeServer(server);
        await refreshLoop?.stop();
        await core.beforeShutdown().catch(() => undefined);
        await core.shutdown().catch((error: unknown) => logger.warn('cube: shutdown failed', { error: String(error) }));
        await backend.close().catch(() => undefined);
        await options.tables?.close?.();
        logger.info('cube: stopped', { url });
      })();
      return stopped;
    },
  };
}
