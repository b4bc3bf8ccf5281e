import { z } from 'zod';
import type { CheckContext } from '../contract.js';
import { CheckFailure } from '../failure.js';
import { httpRequest, httpStatusFailure, oneLine } from './http.js';

export interface ClientCredentials {
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  scope?: string | undefined;
}

const tokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().optional(),
});

/** OAuth2 client-credentials grant; a rejected client, a bad scope and a broken endpoint fail distinctly. */
export async function fetchClientCredentialsToken(
  grant: ClientCredentials,
  ctx: CheckContext,
  field: string,
): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: grant.clientId,
    client_secret: grant.clientSecret,
  });
  if (grant.scope) body.set('scope', grant.scope);
  const response = await httpRequest(
    grant.tokenEndpoint,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
    },
    ctx,
    `${field}.token_endpoint`,
  );
  let json: unknown;
  try {
    json = JSON.parse(response.text);
  } catch {
    json = undefined;
  }
  const error = (json as { error?: unknown } | undefined)?.error;
  if (response.status === 401 || error === 'invalid_client' || error === 'unauthorized_client') {
    throw new CheckFailure(
      'unauthorized',
      `the token endpoint rejected client "${grant.clientId}" (${typeof error === 'string' ? error : `HTTP ${response.status}`})`,
      `Check ${field}.client_id and the value behind ${field}.client_secret (Polaris: the principal's credentials; they change when rotated).`,
      { details: { http_status: response.status } },
    );
  }
  if (error === 'invalid_scope') {
    throw new CheckFailure(
      'forbidden',
      `the token endpoint refused scope "${grant.scope}"`,
      `Set ${field}.scope to a scope the client may request (Polaris: PRINCIPAL_ROLE:ALL).`,
      {
        details: { http_status: response.status },
      },
    );
  }
  if (response.status !== 200)
    throw httpStatusFailure(response, 'OAuth2 token endpoint', `${field}.token_endpoint`, `${field}.client_secret`);
  const parsed = tokenResponse.safeParse(json);
  if (!parsed.success) {
    throw new CheckFailure(
      'bad-response',
      `the token endpoint answered without an access_token: ${oneLine(response.text).slice(0, 120)}`,
      `Check that ${field}.token_endpoint is an OAuth2 token endpoint.`,
    );
  }
  return parsed.data.access_token;
}
