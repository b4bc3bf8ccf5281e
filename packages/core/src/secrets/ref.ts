import { configError } from '../errors/index.js';

/**
 * A reference to a credential. platform.yaml and floe.yaml never hold credential values, only
 * references, resolved at run time:
 * - `env:NAME` — the environment variable NAME.
 * - `file:/path` — the content of a file (trailing newline removed); relative paths resolve against the project.
 * - `secret:<k8s-secret>/<key>` — a key of a Kubernetes Secret, read at run time from the environment variable
 *   `FLOE_SECRET_<SECRET>_<KEY>` or the file `$FLOE_SECRETS_DIR/<secret>/<key>` (default `/var/run/secrets/floe`).
 */
export type SecretRef =
  | { kind: 'env'; name: string; ref: string }
  | { kind: 'file'; path: string; ref: string }
  | { kind: 'secret'; secret: string; key: string; ref: string };

export const SECRET_REF_PATTERN =
  /^(env:[A-Za-z_][A-Za-z0-9_]*|file:\S.*|secret:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[-._a-zA-Z0-9]+)$/;

export const SECRET_REF_HINT =
  'use a secret reference instead of a literal value: env:NAME, file:/path/to/file or secret:<k8s-secret>/<key>';

export function isSecretRef(value: unknown): value is string {
  return typeof value === 'string' && SECRET_REF_PATTERN.test(value);
}

/** Parses `env:NAME`, `file:/path` or `secret:<name>/<key>`; throws a FloeError for anything else. */
export function parseSecretRef(value: string): SecretRef {
  if (!isSecretRef(value)) {
    throw configError(`"${describeNonRef(value)}" is not a secret reference`, { hint: SECRET_REF_HINT });
  }
  if (value.startsWith('env:')) return { kind: 'env', name: value.slice(4), ref: value };
  if (value.startsWith('file:')) return { kind: 'file', path: value.slice(5), ref: value };
  const body = value.slice('secret:'.length);
  const slash = body.indexOf('/');
  return { kind: 'secret', secret: body.slice(0, slash), key: body.slice(slash + 1), ref: value };
}

/** Never echo something that may be a credential: show only its scheme-like prefix. */
function describeNonRef(value: string): string {
  const colon = value.indexOf(':');
  if (colon > 0 && colon < 12) return `${value.slice(0, colon + 1)}…`;
  return value.length === 0 ? '' : '<literal value>';
}

/**
 * The environment variable a runtime exports a resolved reference under (dbt profiles read it with
 * `env_var(...)`). `env:NAME` keeps NAME; the others get a stable `FLOE_SECRET_*` name.
 */
export function secretEnvVar(ref: SecretRef | string): string {
  const parsed = typeof ref === 'string' ? parseSecretRef(ref) : ref;
  switch (parsed.kind) {
    case 'env':
      return parsed.name;
    case 'secret':
      return `FLOE_SECRET_${envPart(parsed.secret)}_${envPart(parsed.key)}`;
    case 'file':
      return `FLOE_SECRET_FILE_${envPart(parsed.path.replace(/^\/+/, ''))}`;
  }
}

function envPart(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}
