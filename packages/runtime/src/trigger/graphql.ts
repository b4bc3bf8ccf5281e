import { operationError } from '@floe/core';
import { z } from 'zod';
import { CODE_LOCATION_MODULE } from '../supervisor/environment.js';

const TERMINAL = new Set(['SUCCESS', 'FAILURE', 'CANCELED']);

async function graphql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  timeoutMs = 10_000,
): Promise<unknown> {
  const response = await fetch(`${url.replace(/\/$/, '')}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw operationError(`Dagster GraphQL at ${url} answered HTTP ${response.status}`);
  const body = z
    .object({ data: z.unknown().optional(), errors: z.array(z.object({ message: z.string() })).optional() })
    .parse(await response.json());
  if (body.errors?.length)
    throw operationError(`Dagster GraphQL error: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data;
}

/** True when a Dagster webserver answers at `url`. */
export async function dagsterIsUp(url: string): Promise<boolean> {
  try {
    const data = z.object({ version: z.string() }).parse(await graphql(url, '{ version }', {}, 2_000));
    return data.version.length > 0;
  } catch {
    return false;
  }
}

const launchSchema = z.object({
  launchRun: z.object({
    __typename: z.string(),
    run: z.object({ runId: z.string() }).optional(),
    message: z.string().optional(),
    errors: z.array(z.object({ message: z.string() })).optional(),
  }),
});

/** Launches a job of the floe code location through GraphQL; returns the run id. */
export async function launchJob(url: string, job: string, tags: Record<string, string> = {}): Promise<string> {
  const mutation = `mutation Launch($params: ExecutionParams!) {
    launchRun(executionParams: $params) {
      __typename
      ... on LaunchRunSuccess { run { runId } }
      ... on PythonError { message }
      ... on RunConfigValidationInvalid { errors { message } }
      ... on PipelineNotFoundError { message }
      ... on InvalidSubsetError { message }
      ... on RunConflict { message }
      ... on UnauthorizedError { message }
    }
  }`;
  const params = {
    selector: { repositoryLocationName: CODE_LOCATION_MODULE, repositoryName: '__repository__', jobName: job },
    runConfigData: {},
    executionMetadata: { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) },
  };
  const data = launchSchema.parse(await graphql(url, mutation, { params }));
  const result = data.launchRun;
  if (result.run) return result.run.runId;
  const detail = result.message ?? result.errors?.map((e) => e.message).join('; ') ?? '';
  throw operationError(`Dagster did not launch job ${job}: ${result.__typename} ${detail}`.trim());
}

const runSchema = z.object({
  runOrError: z.object({ __typename: z.string(), status: z.string().optional(), message: z.string().optional() }),
});

/** The status of a run (QUEUED, STARTED, SUCCESS, FAILURE, ...). */
export async function runStatus(url: string, runId: string): Promise<string> {
  const data = runSchema.parse(
    await graphql(
      url,
      'query Run($id: ID!) { runOrError(runId: $id) { __typename ... on Run { status } ... on PythonError { message } } }',
      { id: runId },
    ),
  );
  if (!data.runOrError.status)
    throw operationError(`Dagster has no run ${runId}: ${data.runOrError.message ?? data.runOrError.__typename}`);
  return data.runOrError.status;
}

const failureSchema = z.object({
  logsForRun: z.object({
    events: z
      .array(
        z.object({
          __typename: z.string(),
          message: z.string().optional(),
          stepKey: z.string().nullable().optional(),
          error: z.object({ message: z.string() }).nullable().optional(),
        }),
      )
      .optional(),
  }),
});

/** The messages of failed steps of a run, for an error a person can act on. */
export async function runFailureMessages(url: string, runId: string): Promise<string[]> {
  const data = failureSchema.parse(
    await graphql(
      url,
      `query Logs($id: ID!) { logsForRun(runId: $id) { __typename ... on EventConnection { events { __typename ... on MessageEvent { message stepKey } ... on ExecutionStepFailureEvent { error { message } } ... on RunFailureEvent { error { message } } } } } }`,
      { id: runId },
    ),
  );
  return (data.logsForRun.events ?? [])
    .filter((e) => e.__typename === 'ExecutionStepFailureEvent' || e.__typename === 'RunFailureEvent')
    .map((e) => `${e.stepKey ? `${e.stepKey}: ` : ''}${e.error?.message?.trim() || e.message || ''}`);
}

/** Polls until the run finished; returns its final status. */
export async function waitForRun(url: string, runId: string, timeoutMs = 30 * 60_000, pollMs = 250): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await runStatus(url, runId);
    if (TERMINAL.has(status)) return status;
    if (Date.now() > deadline)
      throw operationError(`run ${runId} did not finish within ${Math.round(timeoutMs / 1000)} s (status ${status})`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
