import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RestCatalogServer,
  restCatalogServerAvailability,
  startRestCatalogServer,
} from '../../../testing/fixtures/iceberg-rest/server.js';
import { type OAuth2TestServer, startOAuth2Server } from '../../../testing/fixtures/oauth2/oauth2-server.js';
import { startStatusStub } from '../../../testing/fixtures/stubs/http-status-stub.js';
import { type RestCatalogTarget, restCatalogCheck } from '../src/checks/rest-catalog.js';
import { runCheck } from './helpers.js';

const availability = restCatalogServerAvailability();
const CLIENT_SECRET = 'polaris-client-secret-4f7a9c2e';

describe.skipIf(!availability.available)(
  'catalog.rest against the real Iceberg REST catalog server + an OAuth2 server that checks secrets',
  () => {
    let catalog: RestCatalogServer;
    let oauth: OAuth2TestServer;
    let profile: RestCatalogTarget;
    const secrets = { 'env:CLIENT_SECRET': CLIENT_SECRET };
    beforeAll(async () => {
      [catalog, oauth] = await Promise.all([startRestCatalogServer(), startOAuth2Server('floe', CLIENT_SECRET)]);
      profile = {
        type: 'rest',
        uri: catalog.uri,
        warehouse: catalog.warehouse,
        oauth2: {
          token_endpoint: oauth.tokenEndpoint,
          client_id: 'floe',
          client_secret: 'env:CLIENT_SECRET',
          scope: 'PRINCIPAL_ROLE:ALL',
        },
        layers: ['bronze', 'silver', 'gold'],
      };
    }, 120_000);
    afterAll(async () => {
      await catalog?.stop();
      await oauth?.stop();
    });

    it('warns when layer namespaces are missing (token and config ok)', async () => {
      const result = await runCheck(restCatalogCheck, profile, secrets, { timeoutMs: 15_000 });
      expect(result.status, result.message).toBe('warning');
      expect(result.details.steps).toEqual(['token', 'config', 'namespaces']);
      expect(result.details.missing_namespaces).toEqual(['bronze', 'silver', 'gold']);
      expect(result.remediation).toContain('--deep');
    });

    it('--deep creates and drops a table in a scratch namespace', async () => {
      const result = await runCheck(restCatalogCheck, profile, secrets, { timeoutMs: 20_000, deep: true });
      expect(result.status, result.message).toBe('ok');
      expect(result.details.steps).toContain('create-drop-table');
    });

    it('passes once the layer namespaces exist', async () => {
      for (const ns of ['bronze', 'silver', 'gold']) {
        const r = await fetch(`${catalog.uri}/v1/namespaces`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ namespace: [ns], properties: {} }),
        });
        expect(r.status).toBe(200);
      }
      const result = await runCheck(restCatalogCheck, profile, secrets, { timeoutMs: 15_000 });
      expect(result.status, result.message).toBe('ok');
      expect(result.message).toContain('bronze, silver, gold');
    });

    it('recognises a wrong client secret at the token endpoint', async () => {
      const result = await runCheck(restCatalogCheck, profile, { 'env:CLIENT_SECRET': 'wrong-secret-value' });
      expect(result.details.failure).toBe('unauthorized');
      expect(result.message).toContain('invalid_client');
      expect(result.remediation).toContain('catalogs.test.oauth2.client_secret');
    });

    it('recognises a wrong catalog URL (HTTP 404)', async () => {
      const result = await runCheck(restCatalogCheck, { ...profile, uri: `${catalog.uri}/api/catalog` }, secrets);
      expect(result.details.failure).toBe('not-found');
      expect(result.remediation).toContain('catalogs.test.uri');
    });
  },
);

describe.skipIf(!availability.available)(
  'catalog.rest against the real Iceberg REST catalog with enforced OAuth2 (oidc-provider + token-checking gateway)',
  () => {
    let catalog: RestCatalogServer;
    let otherIssuer: OAuth2TestServer;
    let profile: RestCatalogTarget;
    let secrets: Record<string, string>;
    beforeAll(async () => {
      [catalog, otherIssuer] = await Promise.all([
        startRestCatalogServer({ auth: 'enforced' }),
        startOAuth2Server('floe', 'x-secret-123'),
      ]);
      profile = {
        type: 'rest',
        uri: catalog.uri,
        warehouse: catalog.warehouse,
        oauth2: {
          token_endpoint: catalog.oauth2.tokenEndpoint,
          client_id: catalog.oauth2.clientId,
          client_secret: 'env:CS',
          scope: catalog.oauth2.scope,
        },
        layers: ['bronze'],
      };
      secrets = { 'env:CS': catalog.oauth2.clientSecret };
    }, 120_000);
    afterAll(async () => {
      await catalog?.stop();
      await otherIssuer?.stop();
    });

    it('passes (token from the catalog, config, namespaces) and --deep round-trips a table', async () => {
      const result = await runCheck(restCatalogCheck, profile, secrets, { timeoutMs: 20_000, deep: true });
      expect(result.status, result.message).toBe('ok');
      expect(result.details.steps).toEqual(['token', 'config', 'namespaces', 'create-drop-table']);
    });

    it('wrong client secret → unauthorized (invalid_client from a real OAuth2 server)', async () => {
      const result = await runCheck(restCatalogCheck, profile, { 'env:CS': 'not-the-secret' });
      expect(result.details.failure).toBe('unauthorized');
      expect(result.message).toContain('invalid_client');
    });

    it('a token from another issuer is refused by the catalog (HTTP 401)', async () => {
      const result = await runCheck(
        restCatalogCheck,
        {
          ...profile,
          oauth2: {
            token_endpoint: otherIssuer.tokenEndpoint,
            client_id: 'floe',
            client_secret: 'env:OTHER',
            scope: 'x',
          },
        },
        { 'env:OTHER': 'x-secret-123' },
      );
      expect(result.details.failure).toBe('unauthorized');
      expect(result.remediation).toContain("catalog's own token endpoint");
    });
  },
);

describe('catalog.rest HTTP statuses (STUB servers answering one status)', () => {
  const profile = (uri: string): RestCatalogTarget => ({ type: 'rest', uri, warehouse: 'lake', layers: ['bronze'] });
  for (const [status, kind, text] of [
    [401, 'unauthorized', 'configure catalogs.test.oauth2'],
    [403, 'forbidden', 'CATALOG_MANAGE_CONTENT'],
    [404, 'not-found', 'without /v1'],
  ] as const) {
    it(`stub answering HTTP ${status} → ${kind}`, async () => {
      const stub = await startStatusStub(status, '{"error":{"message":"nope","type":"X","code":0}}');
      try {
        const result = await runCheck(restCatalogCheck, profile(stub.url), {});
        expect(result.details.failure).toBe(kind);
        expect(result.remediation).toContain(text);
      } finally {
        await stub.stop();
      }
    });
  }
});
