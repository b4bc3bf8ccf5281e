import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { configError } from '../errors/index.js';
import { registerSecret } from './redact.js';
import { parseSecretRef, type SecretRef, secretEnvVar } from './ref.js';

export interface ResolveSecretOptions {
  /** Environment to read (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Reads a file as UTF-8 (default `fs.readFileSync`); returns undefined when it does not exist. */
  readFile?: (path: string) => string | undefined;
  /** Base directory for relative `file:` paths (default the current directory). */
  baseDir?: string;
}

export const DEFAULT_SECRETS_DIR = '/var/run/secrets/floe';

function defaultReadFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Resolves a secret reference to its value at run time and registers the value for `redact()`.
 * `secret:<name>/<key>` is looked up first in the environment variable `FLOE_SECRET_<NAME>_<KEY>`
 * (what a Kubernetes `env.valueFrom.secretKeyRef` sets) and then in the file
 * `$FLOE_SECRETS_DIR/<name>/<key>` (what a Secret volume mount provides).
 */
export function resolveSecret(ref: string | SecretRef, options: ResolveSecretOptions = {}): string {
  const parsed = typeof ref === 'string' ? parseSecretRef(ref) : ref;
  const env = options.env ?? process.env;
  const readFile = options.readFile ?? defaultReadFile;
  const value = lookup(parsed, env, readFile, options.baseDir ?? process.cwd());
  registerSecret(value);
  return value;
}

function lookup(
  ref: SecretRef,
  env: Record<string, string | undefined>,
  readFile: (path: string) => string | undefined,
  baseDir: string,
): string {
  switch (ref.kind) {
    case 'env': {
      const value = env[ref.name];
      if (value === undefined || value === '') {
        throw configError(`secret ${ref.ref}: environment variable ${ref.name} is not set`, {
          hint: `export ${ref.name}=... before running floe`,
        });
      }
      return value;
    }
    case 'file': {
      const path = isAbsolute(ref.path) ? ref.path : resolve(baseDir, ref.path);
      const value = readFile(path);
      if (value === undefined) {
        throw configError(`secret ${ref.ref}: file ${path} does not exist`, {
          hint: 'create the file with the secret value, or change the reference',
        });
      }
      return stripNewline(value);
    }
    case 'secret': {
      const envName = secretEnvVar(ref);
      const fromEnv = env[envName];
      if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
      const dir = env.FLOE_SECRETS_DIR || DEFAULT_SECRETS_DIR;
      const path = join(dir, ref.secret, ref.key);
      const fromFile = readFile(path);
      if (fromFile !== undefined) return stripNewline(fromFile);
      throw configError(`secret ${ref.ref}: neither ${envName} is set nor ${path} exists`, {
        hint: `mount Kubernetes Secret "${ref.secret}" under ${dir}/${ref.secret}, or set ${envName}`,
      });
    }
  }
}

function stripNewline(value: string): string {
  return value.replace(/\r?\n$/, '');
}
