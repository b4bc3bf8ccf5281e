import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, '../../..');
export const PYTHON = join(REPO, '.venv/bin/python');
export const PEER = join(here, 'pyiceberg_peer.py');

/** PyIceberg is installed by `make setup` (python/requirements-iceberg.txt). */
export function pyicebergAvailable(): boolean {
  return existsSync(PYTHON);
}

/** Runs one PyIceberg peer command and returns its JSON result. */
export async function pyiceberg<T = Record<string, unknown>>(
  command: string,
  args: Record<string, unknown>,
): Promise<T> {
  const { stdout } = await promisify(execFile)(PYTHON, [PEER, command, JSON.stringify(args)], {
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, PYICEBERG_HOME: here },
  });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}
