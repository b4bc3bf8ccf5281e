import { operationError } from '@floe/core';
import { z } from 'zod';

/** The query `floe demo --once` and the e2e tests ask: order count and revenue total. */
export const ORDERS_QUERY = { measures: ['orders.count', 'orders.revenue'] } as const;

const loadResponseSchema = z.looseObject({
  error: z.string().optional(),
  data: z.array(z.record(z.string(), z.unknown())).optional(),
  query: z.unknown().optional(),
});

export interface CubeLoadOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** POSTs a query to Cube's REST API (/cubejs-api/v1/load), waiting through "Continue wait" answers. */
export async function cubeLoad(
  baseUrl: string,
  query: unknown,
  options: CubeLoadOptions = {},
): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const url = `${baseUrl.replace(/\/$/, '')}/cubejs-api/v1/load`;
  for (;;) {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: JSON.stringify({ query }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw operationError(
        `Cube at ${baseUrl} is not reachable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const body = loadResponseSchema.parse(await response.json());
    if (body.error === 'Continue wait' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    if (!response.ok || body.error)
      throw operationError(`Cube /load failed (HTTP ${response.status}): ${body.error ?? 'no data'}`);
    return body.data ?? [];
  }
}
