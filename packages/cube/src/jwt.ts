import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const base64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

/** An HS256 JSON Web Token for Cube's REST API, signed with the API secret. */
export function signCubeToken(
  apiSecret: string,
  claims: Record<string, unknown> = {},
  options: { expiresInSeconds?: number; now?: Date } = {},
): string {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const payload = { ...claims, iat: issuedAt, exp: issuedAt + (options.expiresInSeconds ?? 24 * 3600) };
  const head = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}`;
  const signature = createHmac('sha256', apiSecret).update(head).digest('base64url');
  return `${head}.${signature}`;
}

/** A random API secret for local runs (64 hex characters). */
export function generateApiSecret(): string {
  return randomBytes(32).toString('hex');
}

/** The claims of an HS256 token signed with `apiSecret`, or null when the signature, algorithm or lifetime is wrong. */
export function verifyCubeToken(
  apiSecret: string,
  token: string,
  now: Date = new Date(),
): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [head, body, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', apiSecret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: unknown };
    if (header.alg !== 'HS256') return null;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
    if (!claims || typeof claims !== 'object' || Array.isArray(claims)) return null;
    const seconds = now.getTime() / 1000;
    const { exp, nbf } = claims as { exp?: unknown; nbf?: unknown };
    if (typeof exp === 'number' && seconds >= exp) return null;
    if (typeof nbf === 'number' && seconds < nbf) return null;
    return claims as Record<string, unknown>;
  } catch {
    return null;
  }
}
