import { delimiter } from 'node:path';
import { DUCKDB_EXTENSIONS_ENV, type LoadedProject, resolveSecret } from '@floe/core';
import { duckdbExtensionDirectory } from '@floe/iceberg';
import { floeCommand, floePipesCommand, ORCHESTRATION_DIR } from '../tools.js';

/** The variable dagster.yaml reads the PostgreSQL password of Dagster's metadata from. */
export const DAGSTER_PG_PASSWORD_ENV = 'FLOE_DAGSTER_PG_PASSWORD';

/** The code location's module and the location name Dagster gives it. */
export const CODE_LOCATION_MODULE = 'floe_orchestration.definitions';
/** The run launcher of the embedded default (dagster.yaml), importable through PYTHONPATH. */
export const RUN_LAUNCHER_MODULE = 'floe_orchestration.run_launcher';

export interface DagsterEnvironmentOptions {
  dagsterHome: string;
  cubeUrl?: string;
  /** Headers Cube requests need (Authorization), passed to the Cube refresh step as FLOE_CUBE_HEADERS. */
  cubeHeaders?: Record<string, string>;
  /** Extra variables (resolved secrets the dbt profile reads). */
  extra?: Record<string, string>;
  /** `floe demo` seeds an empty warehouse itself: the code location's seed sensor then stands aside. */
  demoSeeds?: boolean;
}

/** Environment of every Dagster process: where the project is, how to run floe, where Cube listens. */
export function dagsterEnvironment(loaded: LoadedProject, options: DagsterEnvironmentOptions): NodeJS.ProcessEnv {
  const extensions = duckdbExtensionDirectory();
  const metadata = loaded.artifacts.orchestration.dagster.metadata;
  return {
    ...process.env,
    ...options.extra,
    DAGSTER_HOME: options.dagsterHome,
    FLOE_PROJECT_DIR: loaded.projectDir,
    FLOE_PLATFORM: loaded.platformFile,
    FLOE_COMMAND: JSON.stringify(floeCommand()),
    FLOE_PIPES_COMMAND: JSON.stringify(floePipesCommand()),
    ...(options.cubeUrl ? { FLOE_CUBE_URL: options.cubeUrl } : {}),
    ...(options.cubeHeaders ? { FLOE_CUBE_HEADERS: JSON.stringify(options.cubeHeaders) } : {}),
    ...(options.demoSeeds ? { FLOE_DEMO_SEEDS: '1' } : {}),
    // dagster.yaml names this variable for the PostgreSQL password of Dagster's metadata (resolved at run time).
    ...(metadata.type === 'postgres' && metadata.password
      ? { [DAGSTER_PG_PASSWORD_ENV]: resolveSecret(metadata.password, { baseDir: loaded.projectDir }) }
      : {}),
    // dbt's DuckDB loads httpfs/aws/azure for object storage from floe's extension directory (offline).
    ...(extensions ? { [DUCKDB_EXTENSIONS_ENV]: extensions } : {}),
    DAGSTER_DISABLE_TELEMETRY: '1',
    DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
    DO_NOT_TRACK: '1',
    PYTHONUNBUFFERED: '1',
    // The daemon and webserver import floe's run launcher (dagster.yaml) from orchestration/.
    PYTHONPATH: [ORCHESTRATION_DIR, process.env.PYTHONPATH].filter(Boolean).join(delimiter),
  };
}

/** `-m floe_orchestration.definitions -d orchestration/`: the arguments that point a dagster command at the code. */
export function codeLocationArgs(): string[] {
  return ['-m', CODE_LOCATION_MODULE, '-d', ORCHESTRATION_DIR];
}
