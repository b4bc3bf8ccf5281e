import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type LoadedProject, resolvePath, writeFileAtomic } from '@floe/core';
import { stringify } from 'yaml';

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
              ...(metadata.password ? { password: { env: 'FLOE_DAGSTER_PG_PASSWORD' } } : {}),
            },
          },
        };
  const config = {
    storage,
    run_coordinator: {
      module: 'dagster.core.run_coordinator',
      class: 'QueuedRunCoordinator',
      config: { max_concurrent_runs: 1, dequeue_interval_seconds: 1 },
    },
    telemetry: { enabled: false },
  };
  await writeFileAtomic(
    join(home, 'dagster.yaml'),
    `# Written by floe from CompiledArtifacts.orchestration.dagster; rewritten on every start.\n${stringify(config)}`,
  );
  return home;
}
