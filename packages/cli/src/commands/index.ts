import type { Command } from 'commander';
import type { Io } from '../output.js';

/** What a command module exports. `io` is where the command writes (tests pass their own; modules may ignore it). */
export type RegisterCommand = (program: Command, io: Io) => void;

/**
 * One entry per command, loaded only when that command runs (some pull in DuckDB, Cube or the Iceberg stack, which
 * take seconds to import). `description` is what `floe --help` lists; keep it equal to the module's own description
 * (a test checks). Add yours in alphabetical order:
 *   { name: 'thing', description: '...', load: () => import('./thing.js') },
 */
export interface CommandEntry {
  name: string;
  description: string;
  load: () => Promise<{ register: RegisterCommand }>;
}

export const commands: CommandEntry[] = [
  {
    name: 'compile',
    description: 'compile floe.yaml and the platform file into CompiledArtifacts and a dbt profiles.yml',
    load: () => import('./compile.js'),
  },
  {
    name: 'cube',
    description: 'the Cube semantic layer hosted by floe',
    load: () => import('./cube.js'),
  },
  {
    name: 'demo',
    description: 'run the platform locally: Dagster (UI, schedules, sensors) and Cube over the Iceberg warehouse',
    load: () => import('./demo.js'),
  },
  {
    name: 'generate',
    description:
      'generate realistic synthetic data (continuing where the target stopped) into the bronze Iceberg tables or files',
    load: () => import('./generate.js'),
  },
  {
    name: 'init',
    description: 'create a new floe project: floe.yaml, platform/local.yaml and an empty dbt project',
    load: () => import('./init.js'),
  },
  {
    name: 'preflight',
    description:
      "check that the platform's services are reachable and usable (exit 0 all pass, 1 any fails, 2 bad config)",
    load: () => import('./preflight.js'),
  },
  {
    name: 'publish',
    description:
      'publish the dbt models listed in floe.yaml as Iceberg tables (silver/gold), one atomic overwrite each',
    load: () => import('./publish.js'),
  },
  {
    name: 'schema',
    description: 'print the JSON Schema of a document (for editors: # yaml-language-server: $schema=...)',
    load: () => import('./schema.js'),
  },
  {
    name: 'tables',
    description: 'inspect and maintain Iceberg tables: list, describe, snapshots, scan, expire',
    load: () => import('./tables.js'),
  },
  {
    name: 'trigger',
    description: 'run one batch now: through the running Dagster webserver (GraphQL), else in-process',
    load: () => import('./trigger.js'),
  },
  {
    name: 'validate',
    description: 'check floe.yaml and the platform file; print every problem as FILE:LINE:COL  field  message',
    load: () => import('./validate.js'),
  },
];
