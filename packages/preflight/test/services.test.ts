import { describe, expect, it } from 'vitest';
import { startStatusStub } from '../../../testing/fixtures/stubs/http-status-stub.js';
import { closedPort, startSelfSignedTlsServer, UNRESOLVABLE_HOST } from '../../../testing/fixtures/stubs/net.js';
import { cubeCheck, dagsterCheck, openlineageCheck, otlpCheck } from '../src/checks/services.js';
import { runCheck } from './helpers.js';

async function withStub<T>(status: number, body: string, fn: (url: string) => Promise<T>): Promise<T> {
  const stub = await startStatusStub(status, body);
  try {
    return await fn(stub.url);
  } finally {
    await stub.stop();
  }
}

describe('services checks against STUB HTTP servers', () => {
  it('stub: Cube /readyz 200 → ok; 503 → not ready', async () => {
    expect((await withStub(200, '{"health":"HEALTH"}', (url) => runCheck(cubeCheck, { url }))).status).toBe('ok');
    const notReady = await withStub(503, '{"health":"DOWN"}', (url) => runCheck(cubeCheck, { url }));
    expect(notReady.details.failure).toBe('unavailable');
    expect(notReady.remediation).toContain('Cube logs');
  });

  it('stub: HTTP 401, 403 and 404 are reported distinctly', async () => {
    const kinds: Record<number, string> = {};
    for (const status of [401, 403, 404]) {
      const r = await withStub(status, 'no', (url) =>
        runCheck(openlineageCheck, { url, bearer: 'env:OL' }, { 'env:OL': 'ol-api-key-123' }),
      );
      kinds[status] = String(r.details.failure);
      expect(r.remediation).toBeTruthy();
    }
    expect(kinds).toEqual({ 401: 'unauthorized', 403: 'forbidden', 404: 'not-found' });
  });

  it('stub: Dagster GraphQL answers a version; a non-Dagster server is recognised', async () => {
    const ok = await withStub(200, '{"data":{"version":"1.11.3"}}', (url) => runCheck(dagsterCheck, { url }));
    expect(ok.status).toBe('ok');
    expect(ok.details.version).toBe('1.11.3');
    const other = await withStub(200, '<html>hello</html>', (url) => runCheck(dagsterCheck, { url }));
    expect(other.details.failure).toBe('bad-response');
  });

  it('stub: OTLP accepts an empty export and gets the configured headers', async () => {
    const stub = await startStatusStub(200, '{}');
    try {
      const r = await runCheck(
        otlpCheck,
        { url: stub.url, protocol: 'http/protobuf', headers: { 'x-api-key': 'env:K' } },
        { 'env:K': 'otlp-key-value' },
      );
      expect(r.status, r.message).toBe('ok');
      expect(stub.requests[0]?.url).toBe('/v1/traces');
      expect(stub.requests[0]?.headers['x-api-key']).toBe('otlp-key-value');
    } finally {
      await stub.stop();
    }
  });

  it('DNS failure, refused and TLS error on service URLs', async () => {
    expect((await runCheck(cubeCheck, { url: `http://${UNRESOLVABLE_HOST}:4000` })).details.failure).toBe('dns');
    expect((await runCheck(cubeCheck, { url: `http://127.0.0.1:${await closedPort()}` })).details.failure).toBe(
      'refused',
    );
    const tls = await startSelfSignedTlsServer();
    try {
      const r = await runCheck(cubeCheck, { url: tls.url });
      expect(r.details.failure).toBe('tls');
    } finally {
      await tls.stop();
    }
  });
});
