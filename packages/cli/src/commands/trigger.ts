import { inputError, JOB_NAMES } from '@floe/core';
import { trigger } from '@floe/runtime';
import type { Command } from 'commander';
import { type Io, printJson, processIo } from '../output.js';
import { addProjectOptions, loadProjectFromOptions, type ProjectOptions } from '../project-options.js';

const JOBS: readonly string[] = JOB_NAMES;

interface TriggerOptions extends ProjectOptions {
  job: string;
  dagsterUrl?: string;
  wait: boolean;
}

/** `floe trigger [dir]`: one on-demand batch through Dagster (GraphQL when a webserver runs, else in-process). */
export function register(program: Command, io: Io = processIo): void {
  addProjectOptions(
    program
      .command('trigger')
      .description('run one batch now: through the running Dagster webserver (GraphQL), else in-process')
      .option(
        '-j, --job <job>',
        'job to run: pipeline, generate, transform, publish or freshness (dbt source freshness checks)',
        'pipeline',
      )
      .option('--dagster-url <url>', 'Dagster webserver to launch on (default: the running floe demo)')
      .option('--no-wait', 'return once the run is launched (GraphQL only)'),
  ).action(async (dir: string | undefined, opts: TriggerOptions) => {
    if (!JOBS.includes(opts.job)) throw inputError(`--job must be one of ${JOBS.join(', ')}, got "${opts.job}"`);
    const loaded = await loadProjectFromOptions({ ...opts, dir, write: true });
    const onLine = io.isTTY && !opts.json ? (line: string) => io.stderr(`${line}\n`) : undefined;
    const result = await trigger(loaded, {
      job: opts.job,
      wait: opts.wait,
      ...(opts.dagsterUrl ? { dagsterUrl: opts.dagsterUrl } : {}),
      ...(onLine ? { onLine } : {}),
    });
    if (opts.json) return printJson(io, result);
    const where = result.mode === 'graphql' ? `run ${result.run_id} on ${result.dagster_url}` : 'in-process';
    io.stdout(`${result.job}: ${result.status} (${where}, ${(result.duration_ms / 1000).toFixed(1)} s)\n`);
  });
}
