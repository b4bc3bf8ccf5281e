import { isSecretRef } from './ref.js';

export interface LiteralSecretFinding {
  /** Path to the offending value inside the document. */
  path: (string | number)[];
  /** Why it looks like a credential (never contains the value). */
  reason: string;
}

/** Well-known credential formats, recognised wherever they appear. */
const KNOWN_FORMATS: { name: string; pattern: RegExp }[] = [
  { name: 'an AWS access key id', pattern: /\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}\b/ },
  { name: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: 'a GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { name: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { name: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'a Stripe secret key', pattern: /\b[sr]k_(live|test)_[0-9A-Za-z]{16,}\b/ },
  { name: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { name: 'a Google service-account key', pattern: /"type"\s*:\s*"service_account"/ },
  { name: 'an Azure storage account key', pattern: /AccountKey=[A-Za-z0-9+/=]{20,}/ },
  { name: 'a password inside a URL', pattern: /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i },
];

/** Field names whose value is a credential: it must be a reference. */
const SECRET_KEY =
  /(^|[_-])(password|passwd|pwd|secret|secret_key|token|access_token|refresh_token|api_key|apikey|private_key|access_key|secret_access_key|client_secret|credential|credentials|session_token|auth_token|bearer)$/i;

/** Field names that look secret-like but hold no credential. */
const NOT_SECRET_KEY = /(_(id|endpoint|url|uri|file_path|env|ref|name|type|scope|path|dir))$/i;

export function isSecretLikeKey(key: string): boolean {
  return SECRET_KEY.test(key) && !NOT_SECRET_KEY.test(key);
}

/**
 * Finds literal credentials in a parsed YAML document: values of well-known credential formats anywhere,
 * and any non-reference scalar under a secret-like field name (password, token, client_secret, ...).
 */
export function detectLiteralSecrets(
  document: unknown,
  options: { namesOnlyUnder?: readonly (readonly string[])[] } = {},
): LiteralSecretFinding[] {
  const findings: LiteralSecretFinding[] = [];
  walk(document, [], findings, options.namesOnlyUnder ?? []);
  return findings;
}

function startsWith(path: readonly (string | number)[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}

function walk(
  value: unknown,
  path: (string | number)[],
  findings: LiteralSecretFinding[],
  namesOnlyUnder: readonly (readonly string[])[],
): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      walk(item, [...path, index], findings, namesOnlyUnder);
    });
    return;
  }
  if (value !== null && typeof value === 'object') {
    // Under these paths keys are column or model names (a column may be called "password"): check values only.
    const keysAreNames = namesOnlyUnder.some((prefix) => startsWith(path, prefix));
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childPath = [...path, key];
      if (!keysAreNames && isSecretLikeKey(key) && isLiteralScalar(child)) {
        findings.push({ path: childPath, reason: `field "${key}" holds a literal value` });
        continue;
      }
      walk(child, childPath, findings, namesOnlyUnder);
    }
    return;
  }
  if (typeof value === 'string' && !isSecretRef(value)) {
    for (const format of KNOWN_FORMATS) {
      if (format.pattern.test(value)) {
        findings.push({ path, reason: `value looks like ${format.name}` });
        return;
      }
    }
  }
}

function isLiteralScalar(value: unknown): boolean {
  if (typeof value === 'string') return value !== '' && !isSecretRef(value);
  return typeof value === 'number' || typeof value === 'bigint';
}
