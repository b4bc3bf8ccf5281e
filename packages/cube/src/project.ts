import { readFileSync } from 'node:fs';
import { type CompiledCompute, configError, type LoadedProject, resolvePath, resolveSecret } from '@floe/core';
import { type Catalog, openProjectCatalog } from '@floe/iceberg';
import type { CubeLogger } from './logger.js';
import type { CubeServer, StartCubeOptions } from './server.js';
import { IcebergTableSource } from './tables/iceberg-source.js';
import type { TrinoConnection } from './trino/snapshot.js';

export interface ProjectCubeOptions {
  readonly port: number;
  readonly host?: string;
  /** The project's catalog; opened from the artifacts (any catalog type) when absent, and then closed on stop.
   * Not used when the project's compute is Trino (Trino reads the tables through its own catalog). */
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

type TrinoCompute = Extract<CompiledCompute, { type: 'trino' }>;

/**
 * How Cube reaches the project's Trino: the compute catalog, the gold namespace as session schema, the user with its
 * password (basic) or JWT (Bearer), and TLS with the project's CA certificate over HTTPS. Secrets are resolved here.
 */
export function projectTrinoConnection(loaded: LoadedProject, compute: TrinoCompute): TrinoConnection {
  const { layers } = loaded.artifacts;
  const secret = (ref: string) => resolveSecret(ref, { baseDir: loaded.projectDir });
  let tls: TrinoConnection['tls'];
  if (compute.http_scheme === 'https') {
    if (compute.ca_certificate) {
      const file = resolvePath(loaded, compute.ca_certificate);
      let ca: string;
      try {
        ca = readFileSync(file, 'utf8');
      } catch (error) {
        throw configError(`the CA certificate of Trino compute "${compute.profile}" cannot be read: ${file}`, {
          hint: 'ca_certificate is a PEM file, relative to the project directory',
          cause: error,
        });
      }
      tls = { ca };
    } else tls = true;
  }
  return {
    host: compute.host,
    port: compute.port,
    catalog: compute.catalog,
    schema: layers.gold.namespace,
    user: compute.user,
    ...(compute.jwt_token
      ? { jwtToken: secret(compute.jwt_token) }
      : compute.password
        ? { password: secret(compute.password) }
        : {}),
    ...(tls ? { tls } : {}),
    layers: { gold: layers.gold.namespace, silver: layers.silver.namespace },
  };
}

/**
 * The `startCube` options for a loaded project: its Cube model, and its silver and gold layers as Iceberg tables read
 * through DuckDB, or, when the project's compute is Trino, that Trino (which reads the Iceberg tables itself).
 */
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
  const secretRef = options.apiSecretRef ?? (process.env.CUBEJS_API_SECRET ? 'env:CUBEJS_API_SECRET' : undefined);
  const logger = options.logger ?? (options.onLine ? lineLogger(options.onLine) : undefined);
  const common: StartCubeOptions = {
    modelDir: resolvePath(loaded, cube.model),
    projectDir: loaded.projectDir,
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
    ...(secretRef ? { apiSecret: resolveSecret(secretRef, { baseDir: loaded.projectDir }) } : {}),
    ...(logger ? { logger } : {}),
    ...(options.mode ? { mode: options.mode } : {}),
  };
  const { compute } = loaded.artifacts;
  if (compute.type === 'trino') return { ...common, trino: projectTrinoConnection(loaded, compute) };
  const catalog = options.catalog ?? (await openProjectCatalog(loaded));
  return {
    ...common,
    tables: new IcebergTableSource({
      catalog,
      layers: { silver: layers.silver.namespace.split('.'), gold: layers.gold.namespace.split('.') },
      closeCatalog: options.catalog === undefined,
    }),
  };
}

export type { CubeServer };
