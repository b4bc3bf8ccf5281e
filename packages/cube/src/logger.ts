/** The logger `startCube` writes to. `console` fits. */
export interface CubeLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  debug?(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: CubeLogger = { info() {}, warn() {}, error() {} };

const SECRET_KEYS = /secret|token|password|authorization/i;

/** Cube's own log events (`logger(msg, params)`), routed to floe's logger with secrets dropped. */
export function cubeLogAdapter(logger: CubeLogger): (message: string, params: Record<string, unknown>) => void {
  return (message, params) => {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(params ?? {})) {
      if (!SECRET_KEYS.test(key) && key !== 'securityContext') fields[key] = value;
    }
    if ('error' in fields && message !== 'Missing cache for') {
      logger.warn(`cube: ${message}`, fields);
    } else {
      logger.debug?.(`cube: ${message}`, fields);
    }
  };
}
