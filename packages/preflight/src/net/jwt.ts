import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** A compact RS256 JSON Web Token. */
export function signJwtRs256(
  payload: Record<string, unknown>,
  privateKeyPem: string,
  header: Record<string, unknown> = {},
): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', ...header }));
  const body = b64url(JSON.stringify(payload));
  const signature = sign('sha256', Buffer.from(`${head}.${body}`), createPrivateKey(privateKeyPem));
  return `${head}.${body}.${b64url(signature)}`;
}

/** SHA-256 fingerprint of the public key (DER, SubjectPublicKeyInfo), base64: what Snowflake's key-pair auth expects. */
export function publicKeyFingerprint(privateKeyPem: string): string {
  const der = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}
