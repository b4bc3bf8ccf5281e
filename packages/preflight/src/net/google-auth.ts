import { z } from 'zod';
import type { CheckContext } from '../contract.js';
import { CheckFailure } from '../failure.js';
import { httpRequest, httpStatusFailure } from './http.js';
import { signJwtRs256 } from './jwt.js';

export const serviceAccountKeySchema = z.looseObject({
  type: z.literal('service_account'),
  client_email: z.string().min(1),
  private_key: z.string().min(1),
  token_uri: z.string().url().default('https://oauth2.googleapis.com/token'),
  project_id: z.string().optional(),
});
export type ServiceAccountKey = z.infer<typeof serviceAccountKeySchema>;

export function parseServiceAccountKey(text: string, field: string): ServiceAccountKey {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CheckFailure(
      'local',
      `the service-account key behind ${field} is not JSON`,
      `Point ${field} at the JSON key file downloaded for the service account.`,
    );
  }
  const parsed = serviceAccountKeySchema.safeParse(json);
  if (!parsed.success) {
    throw new CheckFailure(
      'local',
      `the key behind ${field} is not a service-account key (${parsed.error.issues[0]?.path.join('.') ?? '?'} invalid)`,
      `Use a key of type service_account (IAM → Service accounts → Keys → JSON).`,
    );
  }
  return parsed.data;
}

/** Exchanges a service-account key for an access token (JWT bearer grant). */
export async function serviceAccountToken(
  key: ServiceAccountKey,
  scope: string,
  ctx: CheckContext,
  field: string,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  let assertion: string;
  try {
    assertion = signJwtRs256(
      { iss: key.client_email, scope, aud: key.token_uri, iat: now, exp: now + 600 },
      key.private_key,
    );
  } catch {
    throw new CheckFailure(
      'local',
      `the private key in the service-account key behind ${field} cannot sign`,
      'Download a fresh JSON key for the service account.',
    );
  }
  const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString();
  const response = await httpRequest(
    key.token_uri,
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body },
    ctx,
    `${field} (token_uri)`,
  );
  if (response.status === 400 || response.status === 401) {
    throw new CheckFailure(
      'unauthorized',
      `Google rejected the service-account key of ${key.client_email} (HTTP ${response.status})`,
      `The key behind ${field} is revoked, deleted or malformed; create a new key for ${key.client_email}.`,
      { details: { http_status: response.status } },
    );
  }
  if (response.status !== 200)
    throw httpStatusFailure(response, 'the Google token endpoint', `${field} (token_uri)`, field);
  const token = (JSON.parse(response.text) as { access_token?: unknown }).access_token;
  if (typeof token !== 'string')
    throw new CheckFailure(
      'bad-response',
      'the Google token endpoint answered without access_token',
      'Check token_uri in the key.',
    );
  return token;
}
