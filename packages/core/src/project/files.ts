import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { configError, inputError } from '../errors/index.js';

export const FLOE_FILE = 'floe.yaml';
export const DEFAULT_PLATFORM_FILE = 'platform/local.yaml';
export const PLATFORM_ENV = 'FLOE_PLATFORM';
export const OUTPUT_DIR = '.floe';
export const ARTIFACTS_FILE = 'compiled_artifacts.json';
export const PROFILES_FILE = 'profiles.yml';

/** A path for messages: relative to the current directory when inside it, else absolute. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** A path inside the project as stored in CompiledArtifacts (POSIX, relative when inside the project). */
export function projectRelative(projectDir: string, path: string): string {
  const rel = relative(projectDir, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return path.split(sep).join('/');
  return rel.split(sep).join('/');
}

/**
 * Picks the platform file: the option, else $FLOE_PLATFORM, else platform/local.yaml. A relative path is tried
 * against the project directory first, then against the current directory.
 */
export function resolvePlatformFile(
  projectDir: string,
  platformFile: string | undefined,
  env: Record<string, string | undefined>,
): string {
  const chosen = platformFile ?? (env[PLATFORM_ENV] || undefined) ?? DEFAULT_PLATFORM_FILE;
  if (isAbsolute(chosen)) return chosen;
  const inProject = resolve(projectDir, chosen);
  if (existsSync(inProject)) return inProject;
  const inCwd = resolve(chosen);
  return existsSync(inCwd) ? inCwd : inProject;
}

export async function readConfigFile(path: string, what: 'floe' | 'platform'): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const hint =
        what === 'floe'
          ? 'run `floe init <dir>` to create a project, or pass the project directory (positional or --project)'
          : `pass --platform FILE or set ${PLATFORM_ENV}; the default is ${DEFAULT_PLATFORM_FILE} in the project`;
      throw configError(`${displayPath(path)} does not exist`, { file: path, hint });
    }
    if (code === 'EISDIR') throw inputError(`${displayPath(path)} is a directory, not a file`, { file: path });
    throw configError(`cannot read ${displayPath(path)}: ${(error as Error).message}`, { file: path, cause: error });
  }
}
