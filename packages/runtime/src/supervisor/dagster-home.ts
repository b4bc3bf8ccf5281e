import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type LoadedProject, resolvePath, writeFileAtomic } from '@floe/core';
import { stringify } from 'yaml';
import { DAGSTER_PG_PASSWORD_ENV, RUN_LAUNCHER_MODULE } from './environment.js';

/**
 * DAGSTER_HOME for the project (CompiledArtifacts.orchestration.dagster.metadata): run/event storage on SQLite
 * in the project's .floe/dagster (or PostgreSQL), one batch at a time (the DuckDB warehouse has one writer).
 */
export async function prepareDagsterHome(loaded: LoadedProject): Promise<string> {
  const metadata = loaded.artifacts.orchestration.dagster.metadata;
  const home =
    metadata.type === 'sqlite' ? resolvePath(loaded, metadata.path) : join(loaded.projectDir, '.floe', 'dagster');
  await mkdir(home, { recursive: true });
  const storage =
    metadata.type === 'sqlite'
      ? { sqlite: { base_dir: home } }
      : {
          postgres: {
            postgres_db: {
              hostname: metadata.host,
              port: metadata.port,
              db_name: metadata.database,
              username: metadata.user,
              ...(metadata.password ? { password: { env: DAGSTER_PG_PASSWORD_ENV } } : {}),
            },
          },
        };
  const config = {
    storage,
    run_coordinator: {
      // Dagster's QueuedRunCoordinator; the subclass also readies the first warm run worker in the daemon.
      module: RUN_LAUNCHER_MODULE,
      class: 'FloeRunCoordinator',
      config: { max_concurrent_runs: 1, dequeue_interval_seconds: 1 },
    },
    // Runs start in a worker that already imported Dagster, dagster-dbt and dbt (orchestration/run_launcher.py):
    // about two seconds less from `floe trigger` to fresh data. The daemon imports it through PYTHONPATH.
    run_launcher: { module: RUN_LAUNCHER_MODULE, class: 'WarmRunLauncher' },
    telemetry: { enabled: false },
  };
  await writeFileAtomic(
    join(home, 'dagster.yaml'),
    `# Written by floe from CompiledArtifacts.orchestration.dagster; rewritten on every start.\n${stringify(config)}`,
  );
  return home;
}
