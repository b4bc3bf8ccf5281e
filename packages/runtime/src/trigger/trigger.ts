import type { LoadedProject } from '@floe/core';
import { operationError } from '@floe/core';
import { readDemoState } from '../supervisor/state.js';
import { dagsterIsUp, launchJob, runFailureMessages, waitForRun } from './graphql.js';
import { executeJobInProcess } from './in-process.js';

export interface TriggerOptions {
  /** Job of the code location: pipeline (default), generate, transform or publish. */
  job?: string;
  /** Dagster webserver to use; default: the running `floe demo`, else services.dagster of the platform. */
  dagsterUrl?: string;
  /** Wait for the run to finish (default true). */
  wait?: boolean;
  onLine?: (line: string) => void;
}

export interface TriggerResult {
  job: string;
  mode: 'graphql' | 'in-process';
  dagster_url: string | null;
  run_id: string | null;
  status: string;
  duration_ms: number;
}

/** Starts one batch: through Dagster GraphQL when a webserver answers, else in-process. Fails when the run fails. */
export async function trigger(loaded: LoadedProject, options: TriggerOptions = {}): Promise<TriggerResult> {
  const job = options.job ?? 'pipeline';
  const started = Date.now();
  const demo = await readDemoState(loaded.projectDir);
  const candidates = [options.dagsterUrl, demo?.dagster_url, loaded.artifacts.services.dagster].filter(
    (url): url is string => typeof url === 'string' && url.length > 0,
  );
  for (const url of [...new Set(candidates)]) {
    if (!(await dagsterIsUp(url))) {
      if (url === options.dagsterUrl)
        throw operationError(`no Dagster webserver answers at ${url}`, {
          hint: 'start it with `floe demo`, or drop --dagster-url to run in-process',
        });
      continue;
    }
    const runId = await launchJob(url, job, { 'floe/trigger': 'cli' });
    options.onLine?.(`launched ${job} as run ${runId} on ${url}`);
    if (options.wait === false) {
      return {
        job,
        mode: 'graphql',
        dagster_url: url,
        run_id: runId,
        status: 'QUEUED',
        duration_ms: Date.now() - started,
      };
    }
    const status = await waitForRun(url, runId);
    if (status !== 'SUCCESS') {
      const reasons = await runFailureMessages(url, runId).catch(() => []);
      throw operationError(
        `run ${runId} of job ${job} ended ${status}${reasons.length ? `:\n${reasons.join('\n')}` : ''}`,
        {
          hint: `open ${url}/runs/${runId} for the full log`,
        },
      );
    }
    return { job, mode: 'graphql', dagster_url: url, run_id: runId, status, duration_ms: Date.now() - started };
  }
  await executeJobInProcess(loaded, {
    job,
    tags: { 'floe/trigger': 'cli' },
    ...(demo?.cube_url ? { cubeUrl: demo.cube_url } : {}),
    ...(options.onLine ? { onLine: options.onLine } : {}),
  });
  return {
    job,
    mode: 'in-process',
    dagster_url: null,
    run_id: null,
    status: 'SUCCESS',
    duration_ms: Date.now() - started,
  };
}
