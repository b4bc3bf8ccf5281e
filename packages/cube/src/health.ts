/**
 * How long the connection test behind `/readyz` may take (DuckDB: the catalog and the object storage; Trino: Trino).
 * Below the 5 s `timeoutSeconds` of the floe-cube chart's readinessProbe, so a peer that hangs makes the probe answer
 * "not ready" instead of leaving it unanswered; Cube answers every probe that arrives meanwhile with the same result.
 */
export const READINESS_TIMEOUT_MS = 3_000;

/** `work`, or an error naming `what` once `ms` have passed without an answer (the work itself goes on). */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
