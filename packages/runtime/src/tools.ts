import { existsSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { operationError } from '@floe/core';
import { z } from 'zod';

const commandSchema = z.array(z.string().min(1)).min(1);

/** The repository root when floe runs from a checkout (packages/runtime/{src,dist}/ → ../../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Folders searched for Python tools (dbt, dagster): $FLOE_VENV/bin, the repository's .venv/bin, then PATH. */
export function toolDirs(env: Record<string, string | undefined> = process.env): string[] {
  const dirs: string[] = [];
  if (env.FLOE_VENV) dirs.push(join(env.FLOE_VENV, 'bin'));
  dirs.push(join(REPO_ROOT, '.venv', 'bin'));
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir) dirs.push(dir);
  return dirs;
}

/** Absolute path of a tool such as `dbt` or `dagster`; a clear error naming the fix when it is missing. */
export function findTool(name: string, env: Record<string, string | undefined> = process.env): string {
  for (const dir of toolDirs(env)) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  throw operationError(
    `${name} is not installed (looked in $FLOE_VENV/bin, ${join(REPO_ROOT, '.venv', 'bin')} and PATH)`,
    {
      hint: 'run `make setup` to create the Python environment (.venv) with dbt and Dagster, or set FLOE_VENV',
    },
  );
}

/** The command line that runs this floe: the built CLI of the checkout (`node packages/cli/bin/floe.js`). */
export function floeCommand(env: Record<string, string | undefined> = process.env): string[] {
  if (env.FLOE_COMMAND) return commandSchema.parse(JSON.parse(env.FLOE_COMMAND));
  return [process.execPath, join(REPO_ROOT, 'packages', 'cli', 'bin', 'floe.js')];
}

/** floe for Dagster Pipes (packages/cli/bin/floe-pipes.js: runs the floe command in its own process) on this Node. */
export function floePipesCommand(): string[] {
  return [process.execPath, join(REPO_ROOT, 'packages', 'cli', 'bin', 'floe-pipes.js')];
}

/** Folder of the Dagster code location (orchestration/) in the checkout. */
export const ORCHESTRATION_DIR = join(REPO_ROOT, 'orchestration');
