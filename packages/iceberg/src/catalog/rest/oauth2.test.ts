import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OAuth2Server, startOAuth2Server } from '../../../../../testing/fixtures/iceberg-rest/oauth2-server.js';
import { IcebergError } from '../../errors.js';
import { OAuth2ClientCredentials } from './oauth2.js';

describe('OAuth2ClientCredentials against a real OAuth2 server (oidc-provider)', () => {
  let server: OAuth2Server;
  beforeAll(async () => {
    server = await startOAuth2Server({ clientSecret: `canary-${Math.random().toString(36).slice(2)}-secret` });
  });
  afterAll(async () => {
    await server.stop();
  });
  const client = (overrides: Partial<ConstructorParameters<typeof OAuth2ClientCredentials>[0]> = {}) =>
    new OAuth2ClientCredentials({
      tokenEndpoint: server.tokenEndpoint,
      clientId: server.clientId,
      clientSecret: server.clientSecret,
      scope: 'PRINCIPAL_ROLE:ALL',
      ...overrides,
    });

  it('fetches one token for concurrent callers, with the requested scope, and reuses it', async () => {
    const oauth = client();
    const tokens = await Promise.all([oauth.token(), oauth.token(), oauth.token()]);
    expect(new Set(tokens).size).toBe(1);
    expect(await oauth.token()).toBe(tokens[0]);
    expect(oauth.fetchCount).toBe(1);
    const info = await server.introspect(tokens[0]!);
    expect(info.active).toBe(true);
    expect(info.scope).toBe('PRINCIPAL_ROLE:ALL');
    expect(info.client_id).toBe(server.clientId);
  });

  it('renews the token shortly before expires_in runs out, not earlier', async () => {
    let now = 1_000_000;
    const oauth = client({ now: () => now });
    const first = await oauth.token();
    now += 3_500_000; // 3500 s of the server's 3600 s: outside the renewal margin (60 s)
    expect(await oauth.token()).toBe(first);
    now += 50_000; // 3550 s: within the last minute
    const second = await oauth.token();
    expect(second).not.toBe(first);
    expect(oauth.fetchCount).toBe(2);
    expect((await server.introspect(second)).active).toBe(true);
  });

  it('fetches a new token after invalidate (the catalog answered 401)', async () => {
    const oauth = client();
    const first = await oauth.token();
    oauth.invalidate('some-other-token');
    expect(await oauth.token()).toBe(first);
    oauth.invalidate(first);
    expect(await oauth.token()).not.toBe(first);
  });

  it('authenticates with HTTP Basic when the server requires it', async () => {
    const basicServer = await startOAuth2Server({ clientAuthMethod: 'client_secret_basic' });
    try {
      const base = {
        tokenEndpoint: basicServer.tokenEndpoint,
        clientId: basicServer.clientId,
        clientSecret: basicServer.clientSecret,
        scope: 'catalog',
      };
      const token = await new OAuth2ClientCredentials({ ...base, clientAuth: 'basic' }).token();
      expect((await basicServer.introspect(token)).active).toBe(true);
    } finally {
      await basicServer.stop();
    }
  });

  it('reports a rejected secret as Unauthorized without revealing it', async () => {
    const wrong = `${server.clientSecret}-wrong`;
    const error = await client({ clientSecret: wrong })
      .token()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IcebergError);
    const e = error as IcebergError;
    expect(e.kind).toBe('Unauthorized');
    expect(e.message).toContain('invalid_client');
    expect(e.context.oauthError).toBe('invalid_client');
    const printed = `${e.toString()} ${JSON.stringify(e.context)} ${e.stack ?? ''}`;
    expect(printed).not.toContain(wrong);
    expect(printed).not.toContain(server.clientSecret);
  });

  it('reports an unreachable token endpoint as ServiceUnavailable', async () => {
    const error = (await client({ tokenEndpoint: 'http://127.0.0.1:9/token', timeoutMs: 2_000 })
      .token()
      .catch((e: unknown) => e)) as IcebergError;
    expect(error.kind).toBe('ServiceUnavailable');
    expect(error.retryable).toBe(true);
  });
});
