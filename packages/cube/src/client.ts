import { operationError } from '@floe/core';
import { z } from 'zod';

/** A Cube REST query (https://cube.dev/docs/product/apis-integrations/rest-api/query-format). */
export const cubeQuerySchema = z.looseObject({
  measures: z.array(z.string()).optional(),
  dimensions: z.array(z.string()).optional(),
  segments: z.array(z.string()).optional(),
  timeDimensions: z
    .array(
      z.looseObject({
        dimension: z.string(),
        granularity: z.string().optional(),
        dateRange: z.union([z.string(), z.array(z.string())]).optional(),
      }),
    )
    .optional(),
  filters: z.array(z.unknown()).optional(),
  order: z
    .union([z.record(z.string(), z.enum(['asc', 'desc'])), z.array(z.tuple([z.string(), z.enum(['asc', 'desc'])]))])
    .optional(),
  limit: z.number().int().optional(),
  offset: z.number().int().optional(),
  timezone: z.string().optional(),
});
export type CubeQuery = z.input<typeof cubeQuerySchema>;

export const cubeLoadResultSchema = z.looseObject({
  data: z.array(z.record(z.string(), z.unknown())),
  annotation: z.looseObject({}),
  usedPreAggregations: z.record(z.string(), z.unknown()).optional(),
  lastRefreshTime: z.string().optional(),
});
export type CubeLoadResult = z.infer<typeof cubeLoadResultSchema>;

export const cubeMetaSchema = z.looseObject({
  cubes: z.array(
    z.looseObject({
      name: z.string(),
      measures: z.array(z.looseObject({ name: z.string(), type: z.string() })),
      dimensions: z.array(z.looseObject({ name: z.string(), type: z.string() })),
      segments: z.array(z.looseObject({ name: z.string() })),
    }),
  ),
});
export type CubeMeta = z.infer<typeof cubeMetaSchema>;

export interface CubeRequestOptions {
  /** Total time to wait, including Cube's "Continue wait" answers while pre-aggregations build. Default 30 s. */
  readonly timeoutMs?: number;
}

const errorBody = z.looseObject({ error: z.unknown() });

async function cubeRequest(
  url: string,
  token: string,
  init: RequestInit,
  options: CubeRequestOptions,
): Promise<unknown> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const response = await fetch(url, {
      ...init,
      headers: { ...init.headers, authorization: token },
      signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
    }).catch((error: unknown) => {
      throw operationError(`Cube is not reachable at ${url}: ${String(error)}`, {
        hint: 'start it with `floe demo` (or `floe cube serve`) and check services.cube.url',
        cause: error,
      });
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw operationError(`Cube answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
    const failure = errorBody.safeParse(body);
    if (failure.success && failure.data.error === 'Continue wait') {
      if (Date.now() >= deadline) throw operationError(`Cube did not answer within ${options.timeoutMs ?? 30_000} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    if (!response.ok || failure.success) {
      const message = failure.success ? String(failure.data.error) : text.slice(0, 200);
      throw operationError(`Cube ${new URL(url).pathname} failed (${response.status}): ${message}`);
    }
    return body;
  }
}

/** POST /cubejs-api/v1/load on the Cube at `baseUrl` (e.g. http://127.0.0.1:4000). */
export async function cubeLoad(
  baseUrl: string,
  query: CubeQuery,
  token: string,
  options: CubeRequestOptions = {},
): Promise<CubeLoadResult> {
  const body = await cubeRequest(
    `${baseUrl.replace(/\/+$/, '')}/cubejs-api/v1/load`,
    token,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: cubeQuerySchema.parse(query) }),
    },
    options,
  );
  const parsed = cubeLoadResultSchema.safeParse(body);
  if (!parsed.success) throw operationError(`Cube /load answered an unexpected shape: ${parsed.error.message}`);
  return parsed.data;
}

/** GET /cubejs-api/v1/meta. */
export async function cubeMeta(baseUrl: string, token: string, options: CubeRequestOptions = {}): Promise<CubeMeta> {
  const body = await cubeRequest(
    `${baseUrl.replace(/\/+$/, '')}/cubejs-api/v1/meta`,
    token,
    { method: 'GET' },
    options,
  );
  const parsed = cubeMetaSchema.safeParse(body);
  if (!parsed.success) throw operationError(`Cube /meta answered an unexpected shape: ${parsed.error.message}`);
  return parsed.data;
}
