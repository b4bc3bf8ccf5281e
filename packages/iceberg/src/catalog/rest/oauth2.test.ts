import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IcebergError } from '../../errors.js';
import { OAuth2ClientCredentials } from './oauth2.js';
import { type CatalogProxyStub, startCatalogProxyStub } from './testing/catalog-proxy.stub.js';

const clientId = 'floe-client';
const clientSecret = `canary-${Math.random().toString(36).slice(2)}-secret`;

describe('OAuth2ClientCredentials against a stub token endpoint (checks secrets, issues expiring tokens)', () => {
  let stub: CatalogProxyStub;
  beforeAll(async () => {
    stub = await startCatalogProxyStub({ upstream: 'http://127.0.0.1:9', clientId, clientSecret, expiresIn: 3600 });
  });
  afterAll(async () => {
    await stub.close();
  });

  it('fetches one token for concurrent callers, sends the scope and reuses the token', async () => {
    const oauth = new OAuth2ClientCredentials({
      tokenEndpoint: stub.tokenEndpoint,
      clientId,
      clientSecret,
      scope: 'PRINCIPAL_ROLE:ALL',
    });
    const before = stub.issued.length;
    const tokens = await Promise.all([oauth.token(), oauth.token(), oauth.token()]);
    expect(new Set(tokens).size).toBe(1);
    expect(await oauth.token()).toBe(tokens[0]);
    expect(stub.issued.length - before).toBe(1);
    expect(stub.scopes.at(-1)).toBe('PRINCIPAL_ROLE:ALL');
  });

  it('renews the token shortly before expires_in runs out, not earlier', async () => {
    let now = 1_000_000;
    const oauth = new OAuth2ClientCredentials({
      tokenEndpoint: stub.tokenEndpoint,
      clientId,
      clientSecret,
      scope: 'catalog',
      now: () => now,
    });
    const first = await oauth.token();
    now += 3_500_000; // 3500 s of 3600: still outside the renewal margin (60 s)
    expect(await oauth.token()).toBe(first);
    now += 50_000; // 3550 s: within the last minute
    const second = await oauth.token();
    expect(second).not.toBe(first);
    expect(oauth.fetchCount).toBe(2);
  });

  it('fetches a new token after invalidate (the catalog answered 401)', async () => {
    const oauth = new OAuth2ClientCredentials({
      tokenEndpoint: stub.tokenEndpoint,
      clientId,
      clientSecret,
      scope: 'catalog',
    });
    const first = await oauth.token();
    oauth.invalidate('some-other-token');
    expect(await oauth.token()).toBe(first);
    oauth.invalidate(first);
    expect(await oauth.token()).not.toBe(first);
  });

  it('authenticates with HTTP Basic when asked', async () => {
    const oauth = new OAuth2ClientCredentials({
      tokenEndpoint: stub.tokenEndpoint,
      clientId,
      clientSecret,
      scope: 'catalog',
      clientAuth: 'basic',
    });
    expect(await oauth.token()).toMatch(/^stub-/);
  });

  it('reports a rejected secret as Unauthorized without revealing it', async () => {
    const wrong = `${clientSecret}-wrong`;
    const oauth = new OAuth2ClientCredentials({
      tokenEndpoint: stub.tokenEndpoint,
      clientId,
      clientSecret: wrong,
      scope: 'catalog',
    });
    const error = await oauth.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IcebergError);
    const e = error as IcebergError;
    expect(e.kind).toBe('Unauthorized');
    expect(e.message).toContain('invalid_client');
    const printed = `${e.toString()} ${JSON.stringify(e.context)} ${e.stack ?? ''}`;
    expect(printed).not.toContain(wrong);
    expect(printed).not.toContain(clientSecret);
  });

  it('reports an unreachable token endpoint as ServiceUnavailable', async () => {
    const oauth = new OAuth2ClientCredentials({
      tokenEndpoint: 'http://127.0.0.1:9/v1/oauth/tokens',
      clientId,
      clientSecret,
      scope: 'catalog',
      timeoutMs: 2_000,
    });
    const error = (await oauth.token().catch((e: unknown) => e)) as IcebergError;
    expect(error.kind).toBe('ServiceUnavailable');
    expect(error.retryable).toBe(true);
  });
});
