import { restCatalogSchema } from '@floe/core';
import { connectRestCatalog, isIcebergError } from '@floe/iceberg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RestCatalogServer,
  restCatalogServerAvailability,
  startRestCatalogServer,
} from '../../../testing/fixtures/iceberg-rest/server.js';
import { type OAuth2TestServer, startOAuth2Server } from '../../../testing/fixtures/oauth2/oauth2-server.js';
import { type StubResponse, type StubServer, startStubServer } from '../../../testing/fixtures/stubs/http-app.js';
import { startStatusStub } from '../../../testing/fixtures/stubs/http-status-stub.js';
import {
  closedPort,
  type RunningServer,
  startBlackholeServer,
  startSelfSignedTlsServer,
  UNRESOLVABLE_HOST,
} from '../../../testing/fixtures/stubs/net.js';
import { type RestCatalogTarget, restCatalogCheck, restCatalogClientOptions } from '../src/checks/rest-catalog.js';
import type { CheckContext, CheckOutcome } from '../src/contract.js';
import { isCheckFailure } from '../src/failure.js';
import type { CheckResult } from '../src/report.js';
import { runCheck } from './helpers.js';

const availability = restCatalogServerAvailability();
const CLIENT_SECRET = 'polaris-client-secret-4f7a9c2e';

type Outcome = { ok: true; prefix: string | null; namespaces: number } | { ok: false; kind: string };

/** What floe's runtime client (connectRestCatalog + listNamespaces) meets with the options the check derives. */
async function clientOutcome(profile: RestCatalogTarget, secrets: Record<string, string>): Promise<Outcome> {
  try {
    const catalog = await connectRestCatalog(restCatalogClientOptions(profile, (ref) => secrets[ref] ?? ''));
    try {
      const namespaces = await catalog.listNamespaces();
      return { ok: true, prefix: catalog.config.prefix ?? null, namespaces: namespaces.length };
    } finally {
      await catalog.close();
    }
  } catch (error) {
    if (isIcebergError(error)) return { ok: false, kind: error.kind };
    throw error;
  }
}

/** The same facts from the check's result. */
function checkOutcome(result: CheckResult): Outcome {
  return result.status === 'error'
    ? { ok: false, kind: String(result.details.error_kind) }
    : {
        ok: true,
        prefix: result.details.prefix as string | null,
        namespaces: result.details.namespaces_listed as number,
      };
}

/** The check's own outcome, without the runner's redaction (so a leak in the check itself would show). */
async function rawOutcome(
  profile: RestCatalogTarget,
  secrets: Record<string, string>,
  deep = false,
): Promise<CheckOutcome> {
  const ctx: CheckContext = {
    signal: AbortSignal.timeout(20_000),
    timeoutMs: 20_000,
    deep,
    secret: (ref) => secrets[ref] ?? '',
    redact: (text) => text,
    projectDir: process.cwd(),
    field: 'catalogs.test',
  };
  try {
    return await restCatalogCheck.run(profile, ctx);
  } catch (error) {
    if (isCheckFailure(error)) return error.toOutcome();
    throw error;
  }
}

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

    it("agrees with connectRestCatalog on the fixture's own OAuth2 (auth: 'fixture')", async () => {
      const own: RestCatalogTarget = {
        ...profile,
        oauth2: {
          token_endpoint: catalog.oauth2.tokenEndpoint,
          client_id: catalog.oauth2.clientId,
          client_secret: 'env:OWN',
          scope: catalog.oauth2.scope,
        },
      };
      const ownSecrets = { 'env:OWN': catalog.oauth2.clientSecret };
      const result = await runCheck(restCatalogCheck, own, ownSecrets, { timeoutMs: 15_000 });
      const client = await clientOutcome(own, ownSecrets);
      expect(client.ok).toBe(true);
      expect(checkOutcome(result)).toEqual(client);
      expect(result.details.steps).toEqual(['token', 'config', 'namespaces']);
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

    it("agrees with connectRestCatalog with enforced OAuth2 (auth: 'enforced')", async () => {
      const result = await runCheck(restCatalogCheck, profile, secrets, { timeoutMs: 15_000 });
      const client = await clientOutcome(profile, secrets);
      expect(client.ok).toBe(true);
      expect(checkOutcome(result)).toEqual(client);
      expect(result.details.steps).toEqual(['token', 'config', 'namespaces']);
      const raw = JSON.stringify(await rawOutcome(profile, secrets, true));
      expect(raw).toContain('"status":"ok"');
      expect(raw).not.toContain(catalog.oauth2.clientSecret);
    });

    it('agrees with connectRestCatalog on a wrong client secret (enforced OAuth2), and shows no secret', async () => {
      const wrong = { 'env:CS': `${catalog.oauth2.clientSecret}-wrong` };
      const result = await runCheck(restCatalogCheck, profile, wrong, { timeoutMs: 15_000 });
      const client = await clientOutcome(profile, wrong);
      expect(client).toEqual({ ok: false, kind: 'Unauthorized' });
      expect(checkOutcome(result)).toEqual(client);
      expect(result.details.failure).toBe('unauthorized');
      expect(result.remediation).toContain('catalogs.test.oauth2.client_secret');
      const raw = JSON.stringify(await rawOutcome(profile, wrong));
      expect(raw).toContain('invalid_client');
      expect(raw).not.toContain(wrong['env:CS']);
      expect(raw).not.toContain(catalog.oauth2.clientSecret);
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

describe('catalog.rest remediation texts (STUB catalog and token endpoint, network failures)', () => {
  const servers: { stop(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });
  const TOKEN = { access_token: 'stub-token-9d1c2b7e', token_type: 'bearer', expires_in: 3600 };

  /** A REST catalog with its token endpoint at /v1/oauth/tokens; each route answers as given (default: success). */
  async function stub(routes: {
    token?: StubResponse;
    config?: StubResponse;
    namespaces?: StubResponse;
    createNamespace?: StubResponse;
  }): Promise<StubServer & { seen: string[] }> {
    const seen: string[] = [];
    const server = await startStubServer((req) => {
      const route = `${req.method} ${req.url.pathname}`;
      seen.push(`${route} ${req.body}`);
      if (route === 'POST /v1/oauth/tokens') return routes.token ?? { status: 200, body: TOKEN };
      if (route === 'GET /v1/config') return routes.config ?? { status: 200, body: { defaults: {}, overrides: {} } };
      if (route === 'GET /v1/namespaces')
        return routes.namespaces ?? { status: 200, body: { namespaces: [['bronze']] } };
      if (route === 'POST /v1/namespaces') return routes.createNamespace ?? { status: 200, body: {} };
      if (req.method === 'DELETE') return { status: 204 };
      return { status: 404, body: { error: { message: `No route for request: ${route}`, type: 'X', code: 404 } } };
    });
    servers.push(server);
    return { ...server, seen };
  }
  const withOAuth2 = (uri: string, tokenEndpoint = `${uri}/v1/oauth/tokens`): RestCatalogTarget => ({
    type: 'rest',
    uri,
    warehouse: 'lake',
    oauth2: { token_endpoint: tokenEndpoint, client_id: 'floe', client_secret: 'env:CS', scope: 'PRINCIPAL_ROLE:ALL' },
    layers: ['bronze'],
  });
  const SECRET = 'stub-client-secret-0b6f3a51';
  const secrets = { 'env:CS': SECRET };

  it('sends the scope the platform schema compiles by default (PRINCIPAL_ROLE:ALL) and passes', async () => {
    const server = await stub({});
    const parsed = restCatalogSchema.parse({
      type: 'rest',
      uri: server.url,
      warehouse: 'lake',
      oauth2: { token_endpoint: `${server.url}/v1/oauth/tokens`, client_id: 'floe', client_secret: 'env:CS' },
    });
    expect(restCatalogClientOptions(parsed, () => SECRET).scope).toBe('PRINCIPAL_ROLE:ALL');
    const result = await runCheck(restCatalogCheck, { ...parsed, layers: ['bronze'] }, secrets);
    expect(result.status, result.message).toBe('ok');
    expect(result.details.steps).toEqual(['token', 'config', 'namespaces']);
    const tokenRequest = server.seen.find((r) => r.startsWith('POST /v1/oauth/tokens')) ?? '';
    expect(new URLSearchParams(tokenRequest.split(' ')[2]).get('scope')).toBe('PRINCIPAL_ROLE:ALL');
    // The catalog calls carry the token (a real authenticated call).
    expect(server.seen.some((r) => r.startsWith('GET /v1/namespaces'))).toBe(true);
  });

  const cases: [string, Parameters<typeof stub>[0], string, string][] = [
    [
      'bad client secret (invalid_client)',
      { token: { status: 401, body: { error: 'invalid_client' } } },
      'unauthorized',
      'Check catalogs.test.oauth2.client_id and the value behind catalogs.test.oauth2.client_secret',
    ],
    [
      'scope refused (invalid_scope)',
      { token: { status: 400, body: { error: 'invalid_scope' } } },
      'forbidden',
      'Set catalogs.test.oauth2.scope to a scope the client may request (Polaris: PRINCIPAL_ROLE:ALL).',
    ],
    [
      'token endpoint answers 404',
      { token: { status: 404, body: 'not found' } },
      'not-found',
      'Check the URL and path in catalogs.test.oauth2.token_endpoint',
    ],
    [
      'token endpoint answers without an access_token',
      { token: { status: 200, body: {} } },
      'bad-response',
      'Check that catalogs.test.oauth2.token_endpoint is an OAuth2 token endpoint.',
    ],
    [
      'token not accepted by the catalog (401)',
      { config: { status: 401, body: { error: { message: 'bad token', type: 'NotAuthorizedException', code: 401 } } } },
      'unauthorized',
      "use the catalog's own token endpoint",
    ],
    [
      'unknown warehouse (Polaris answers 404 naming it)',
      {
        config: {
          status: 404,
          body: { error: { message: 'Unable to find warehouse lake', type: 'NotFoundException', code: 404 } },
        },
      },
      'not-found',
      'Create the catalog/warehouse "lake" (Polaris: a catalog of that name) or correct catalogs.test.warehouse.',
    ],
    [
      'no route for /v1/config (a path below the base URL)',
      { config: { status: 400, body: { error: { message: 'No route for request', type: 'X', code: 400 } } } },
      'not-found',
      'Correct catalogs.test.uri (Polaris: http://host:8181/api/catalog, without /v1).',
    ],
    [
      'config is not an Iceberg REST config',
      { config: { status: 200, body: '<html>login</html>' } },
      'bad-response',
      'Point catalogs.test.uri at the catalog base URL',
    ],
    [
      'catalog failing (HTTP 503)',
      { config: { status: 503, body: 'down' } },
      'unavailable',
      'The service at catalogs.test.uri is failing',
    ],
    [
      'principal may not list namespaces (403)',
      { namespaces: { status: 403, body: { error: { message: 'denied', type: 'ForbiddenException', code: 403 } } } },
      'forbidden',
      'Grant the principal role read access (NAMESPACE_LIST / TABLE_READ_DATA) on the catalog.',
    ],
  ];
  for (const [name, routes, kind, remediation] of cases) {
    it(`${name} → ${kind}`, async () => {
      const server = await stub(routes);
      const result = await runCheck(restCatalogCheck, withOAuth2(server.url), secrets);
      expect(result.details.failure, result.message).toBe(kind);
      expect(result.remediation).toContain(remediation);
      expect(result.details.error_kind).toBeTruthy();
      expect(JSON.stringify(await rawOutcome(withOAuth2(server.url), secrets))).not.toContain(SECRET);
    });
  }

  it('--deep: a principal that may not create namespaces → read-only', async () => {
    const server = await stub({
      createNamespace: { status: 403, body: { error: { message: 'no', type: 'ForbiddenException', code: 403 } } },
    });
    const result = await runCheck(restCatalogCheck, withOAuth2(server.url), secrets, { deep: true });
    expect(result.details.failure).toBe('read-only');
    expect(result.remediation).toContain('CATALOG_MANAGE_CONTENT (create namespaces and tables)');
  });

  describe('network failures name the field that points there', () => {
    let hole: RunningServer;
    let tls: RunningServer;
    let catalog: StubServer;
    beforeAll(async () => {
      [hole, tls, catalog] = await Promise.all([startBlackholeServer(), startSelfSignedTlsServer(), stub({})]);
      servers.push(hole, tls);
    });

    it('token endpoint refused / unresolvable / silent / untrusted TLS', async () => {
      const closed = await closedPort();
      for (const [endpoint, kind, text] of [
        [`http://127.0.0.1:${closed}/token`, 'refused', 'catalogs.test.oauth2.token_endpoint'],
        [`http://${UNRESOLVABLE_HOST}/token`, 'dns', 'Check the host name in catalogs.test.oauth2.token_endpoint'],
        [`${hole.url}/token`, 'timeout', 'Check that the service at catalogs.test.oauth2.token_endpoint is up'],
        [`${tls.url}/token`, 'tls', 'NODE_EXTRA_CA_CERTS'],
      ] as const) {
        const result = await runCheck(restCatalogCheck, withOAuth2(catalog.url, endpoint), secrets, {
          timeoutMs: 1500,
        });
        expect(result.details.failure, `${endpoint}: ${result.message}`).toBe(kind);
        expect(result.remediation).toContain(text);
        expect(result.details.error_kind).toBe('ServiceUnavailable');
      }
    });

    it('catalog URI refused / untrusted TLS / silent after the token', async () => {
      const closed = await closedPort();
      for (const [uri, kind, text] of [
        [`http://127.0.0.1:${closed}`, 'refused', 'catalogs.test.uri'],
        [tls.url, 'tls', 'NODE_EXTRA_CA_CERTS'],
        [hole.url, 'timeout', 'Check that the service at catalogs.test.uri is up'],
      ] as const) {
        const profile = withOAuth2(uri, `${catalog.url}/v1/oauth/tokens`);
        const result = await runCheck(restCatalogCheck, profile, secrets, { timeoutMs: 1500 });
        expect(result.details.failure, `${uri}: ${result.message}`).toBe(kind);
        expect(result.remediation).toContain(text);
      }
    });
  });
});
