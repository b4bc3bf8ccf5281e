import { requireCjs } from './cjs.js';
import type { CubeLogger } from './logger.js';

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/**
 * Cube prints a few start-up warnings with console.log, which would corrupt a machine-readable stdout (`--json`).
 * While `fn` runs, console.log lines starting with "Warning." go to the logger instead; other output is untouched.
 * Also evaluates the settings whose once-only warnings Cube would otherwise print on the first query.
 */
export async function withCubeWarningsLogged<T>(logger: CubeLogger, fn: () => Promise<T>): Promise<T> {
  const original = console.log;
  console.log = (...args: unknown[]) => {
    const text = args.map(String).join(' ').replace(ANSI, '');
    if (text.startsWith('Warning.')) logger.debug?.(`cube: ${text}`);
    else original(...args);
  };
  try {
    const { getEnv } = requireCjs('@cubejs-backend/shared') as { getEnv: (key: string) => unknown };
    getEnv('nativeSqlPlanner');
    return await fn();
  } finally {
    console.log = original;
  }
}
