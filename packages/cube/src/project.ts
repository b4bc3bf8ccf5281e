import { isAbsolute } from 'node:path';
import { configError, type LoadedProject, resolvePath, resolveSecret } from '@floe/core';
import { type Catalog, createSqlCatalog } from '@floe/iceberg';
import type { CubeLogger } from './logger.js';
import type { CubeServer, StartCubeOptions } from './server.js';
import { IcebergTableSource } from './tables/iceberg-source.js';

export interface ProjectCubeOptions {
  readonly port: number;
  readonly host?: string;
  /** The project's catalog; opened from the artifacts (SQL catalogs) when absent, and then closed on stop. */
  readonly catalog?: Catalog;
  /** Secret reference (`env:NAME`, `file:PATH`, ...) of the API secret; default `env:CUBEJS_API_SECRET` when that
   * variable is set, otherwise a secret generated for this run. */
  readonly apiSecretRef?: string;
  readonly logger?: CubeLogger;
  /** Receives log lines when no logger is given (the demo supervisor prefixes them). */
  readonly onLine?: (line: string) => void;
  readonly mode?: StartCubeOptions['mode'];
}

/** Opens a SQL catalog (SQLite or PostgreSQL) as compiled into the artifacts. */
export function openSqlCatalog(loaded: LoadedProject): Catalog {
  const compiled = loaded.artifacts.catalog;
  if (compiled.type !== 'sql') {
    throw configError(`Cube cannot open catalog "${compiled.profile}" of type ${compiled.type} by itself`, {
      file: loaded.platformFile,
      hint: 'pass the opened catalog to startCube (option `catalog`)',
    });
  }
  const warehouse = resolvePath(loaded, compiled.warehouse);
  if (compiled.driver === 'sqlite') {
    const file = compiled.path ?? 'catalog.db';
    return createSqlCatalog({
      name: compiled.name,
      uri: `sqlite://${isAbsolute(file) ? file : resolvePath(loaded, file)}`,
      warehouse,
    });
  }
  const password = compiled.password ? `:${encodeURIComponent(resolveSecret(compiled.password))}` : '';
  const user = compiled.user ? `${encodeURIComponent(compiled.user)}${password}@` : '';
  const uri = `postgresql://${user}${compiled.host ?? '127.0.0.1'}:${compiled.port ?? 5432}/${compiled.database ?? 'floe'}`;
  return createSqlCatalog({ name: compiled.name, uri, warehouse });
}

function lineLogger(onLine: (line: string) => void): CubeLogger {
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    onLine(`${level} ${message}${fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}`);
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

/** The `startCube` options for a loaded project: its Cube model, and its silver and gold layers as Iceberg tables. */
export function projectCubeOptions(loaded: LoadedProject, options: ProjectCubeOptions): StartCubeOptions {
  const cube = loaded.artifacts.consumption.cube;
  if (!cube) {
    throw configError('the project has no Cube consumption configured', {
      file: loaded.floeFile,
      hint: 'add consumption.cube.model to floe.yaml',
    });
  }
  const layers = loaded.artifacts.layers;
  const catalog = options.catalog ?? openSqlCatalog(loaded);
  const secretRef = options.apiSecretRef ?? (process.env.CUBEJS_API_SECRET ? 'env:CUBEJS_API_SECRET' : undefined);
  const logger = options.logger ?? (options.onLine ? lineLogger(options.onLine) : undefined);
  return {
    modelDir: resolvePath(loaded, cube.model),
    projectDir: loaded.projectDir,
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
    ...(secretRef ? { apiSecret: resolveSecret(secretRef, { baseDir: loaded.projectDir }) } : {}),
    ...(logger ? { logger } : {}),
    ...(options.mode ? { mode: options.mode } : {}),
    tables: new IcebergTableSource({
      catalog,
      layers: { silver: layers.silver.namespace.split('.'), gold: layers.gold.namespace.split('.') },
      closeCatalog: options.catalog === undefined,
    }),
  };
}

export type { CubeServer };
