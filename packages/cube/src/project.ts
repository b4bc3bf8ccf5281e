import { configError, type LoadedProject, resolvePath, resolveSecret } from '@floe/core';
import { type Catalog, openProjectCatalog } from '@floe/iceberg';
import type { CubeLogger } from './logger.js';
import type { CubeServer, StartCubeOptions } from './server.js';
import { IcebergTableSource } from './tables/iceberg-source.js';

export interface ProjectCubeOptions {
  readonly port: number;
  readonly host?: string;
  /** The project's catalog; opened from the artifacts (any catalog type) when absent, and then closed on stop. */
  readonly catalog?: Catalog;
  /** Secret reference (`env:NAME`, `file:PATH`, ...) of the API secret; default `env:CUBEJS_API_SECRET` when that
   * variable is set, otherwise a secret generated for this run. */
  readonly apiSecretRef?: string;
  readonly logger?: CubeLogger;
  /** Receives log lines when no logger is given (the demo supervisor prefixes them). */
  readonly onLine?: (line: string) => void;
  readonly mode?: StartCubeOptions['mode'];
}

function lineLogger(onLine: (line: string) => void): CubeLogger {
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    onLine(`${level} ${message}${fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}`);
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

/** The `startCube` options for a loaded project: its Cube model, and its silver and gold layers as Iceberg tables. */
export async function projectCubeOptions(
  loaded: LoadedProject,
  options: ProjectCubeOptions,
): Promise<StartCubeOptions> {
  const cube = loaded.artifacts.consumption.cube;
  if (!cube) {
    throw configError('the project has no Cube consumption configured', {
      file: loaded.floeFile,
      hint: 'add consumption.cube.model to floe.yaml',
    });
  }
  const layers = loaded.artifacts.layers;
  const catalog = options.catalog ?? (await openProjectCatalog(loaded));
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
