import { redact } from '@floe/core';

/** The logger `startCube` writes to. `console` fits. */
export interface CubeLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  debug?(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: CubeLogger = { info() {}, warn() {}, error() {} };

const SECRET_KEYS = /secret|token|password|authorization/i;

/**
 * Cube's own log events (`logger(msg, params)`), routed to floe's logger with secrets dropped. Events with an error go
 * to `warn`, once per `repeatMs` for the same message and error (the background refresh retries every second).
 */
export function cubeLogAdapter(
  logger: CubeLogger,
  options: { repeatMs?: number; now?: () => number } = {},
): (message: string, params: Record<string, unknown>) => void {
  const repeatMs = options.repeatMs ?? 60_000;
  const now = options.now ?? Date.now;
  const lastWarned = new Map<string, number>();
  return (message, params) => {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(params ?? {})) {
      if (!SECRET_KEYS.test(key) && key !== 'securityContext') fields[key] = value;
    }
    if ('error' in fields && message !== 'Missing cache for') {
      const key = `${message}\u0000${String(fields.error).slice(0, 300)}`;
      const last = lastWarned.get(key);
      if (last !== undefined && now() - last < repeatMs) {
        logger.debug?.(`cube: ${message}`, fields);
        return;
      }
      if (lastWarned.size > 1000) lastWarned.clear();
      lastWarned.set(key, now());
      logger.warn(`cube: ${message}`, fields);
    } else {
      logger.debug?.(`cube: ${message}`, fields);
    }
  };
}

/** The logger with the connection's secrets (and every secret floe resolved) redacted from messages and fields. */
export function redactingLogger(logger: CubeLogger, secrets: readonly string[]): CubeLogger {
  const clean = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'string') return redact(value, secrets);
    if (value instanceof Error) return redact(String(value), secrets);
    if (depth > 8) return value;
    if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
    const proto = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
    if (proto === Object.prototype || proto === null) {
      return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, clean(v, depth + 1)]));
    }
    return value;
  };
  const wrap =
    (write: (message: string, fields?: Record<string, unknown>) => void) =>
    (message: string, fields?: Record<string, unknown>) =>
      fields === undefined
        ? write(redact(message, secrets))
        : write(redact(message, secrets), clean(fields) as Record<string, unknown>);
  return {
    info: wrap((m, f) => logger.info(m, f)),
    warn: wrap((m, f) => logger.warn(m, f)),
    error: wrap((m, f) => logger.error(m, f)),
    ...(logger.debug ? { debug: wrap((m, f) => logger.debug?.(m, f)) } : {}),
  };
}
