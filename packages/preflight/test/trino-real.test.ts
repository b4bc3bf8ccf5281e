/**
 * compute.trino against a REAL Trino 476 (testing/fixtures/trino): one plain (http, no authentication) and one
 * secured (https with a CA made per start, password and JWT authentication). The plain one is watched while it
 * starts, so the check's "down" and "starting" answers come from a real coordinator too.
 */
import { createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutTool } from '../../../testing/fixtures/stack/availability.js';
import {
  closedPort,
  type RunningServer,
  startBlackholeServer,
  writeSelfSignedCert,
} from '../../../testing/fixtures/stubs/net.js';
import { startTrino, type TrinoServer, trinoAvailability } from '../../../testing/fixtures/trino/server.js';
import { trinoCheck } from '../src/checks/trino.js';
import { plan } from '../src/contract.js';
import type { TrinoComputeProfile } from '../src/profiles.js';
import { createRedactor } from '../src/redactor.js';
import { renderJson, renderTable } from '../src/render/index.js';
import type { CheckResult } from '../src/report.js';
import { runChecks } from '../src/runner.js';

const CHECK_TIMEOUT_MS = 15_000;

/** Runs the check through the real runner and renders the JSON and table reports (for the secret assertions). */
async function runTrino(
  profile: TrinoComputeProfile,
  secrets: Record<string, string>,
  projectDir: string,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<{ result: CheckResult; output: string }> {
  const values = new Map(Object.entries(secrets));
  const report = await runChecks([plan(trinoCheck, 'test', profile)], {
    timeoutMs,
    projectDir,
    platform: 'platform.yaml',
    secrets: values,
    redact: createRedactor(values.values()),
  });
  const output = `${renderJson(report)}\n${renderTable(report, { colour: false })}`;
  return { result: report.checks[0]!, output };
}

/** Fails when the value, or its base64 / URL-encoded forms, or a Basic pair made of it, appears in `output`. */
function expectNoSecret(output: string, value: string, user = 'floe'): void {
  const forms = [
    value,
    encodeURIComponent(value),
    Buffer.from(value).toString('base64'),
    Buffer.from(`${user}:${value}`).toString('base64'),
  ];
  for (const form of forms) expect(output.includes(form), 'a secret reached the output').toBe(false);
}

/** A JWT for `sub` signed with a key Trino does not trust. */
function foreignJwt(sub: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub, iat: now, exp: now + 3600 })}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`;
}

type Observed = { status: string; failure: unknown; state: unknown; remediation: string | null; message: string };

describe.skipIf(skipWithoutTool(trinoAvailability()))('compute.trino against a REAL Trino 476', () => {
  let plain: TrinoServer | undefined;
  let secured: TrinoServer | undefined;
  let projectDir: string;
  let plainPort: number;
  /** What the check said about the plain Trino while it was starting, in order (until the first ok). */
  const observed: Observed[] = [];

  const plainProfile = (over: Partial<TrinoComputeProfile> = {}): TrinoComputeProfile => ({
    type: 'trino',
    host: '127.0.0.1',
    port: plainPort,
    user: 'floe',
    catalog: 'tpch',
    http_scheme: 'http',
    ...over,
  });
  const securedProfile = (over: Partial<TrinoComputeProfile> = {}): TrinoComputeProfile => ({
    type: 'trino',
    host: secured!.host,
    port: secured!.port,
    user: secured!.password!.user,
    catalog: 'tpch',
    schema: 'tiny',
    http_scheme: 'https',
    ca_certificate: 'certs/trino-ca.pem',
    ...over,
  });

  beforeAll(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'floe-preflight-trino-'));
    plainPort = await closedPort();
    let plainDone = false;
    const plainStart = startTrino({ port: plainPort }).finally(() => {
      plainDone = true;
    });
    const securedStart = startTrino({ auth: 'secured' });
    // Both promises are awaited below; these handlers only keep a failed start from being reported unhandled first.
    plainStart.catch(() => {});
    securedStart.catch(() => {});
    // Watch the plain Trino come up: nothing listening, then "starting", then ready.
    while (!plainDone) {
      const { result } = await runTrino(plainProfile(), {}, projectDir, 5000);
      observed.push({
        status: result.status,
        failure: result.details.failure,
        state: result.details.state,
        remediation: result.remediation,
        message: result.message,
      });
      if (result.status === 'ok') break;
      await new Promise((r) => setTimeout(r, 150));
    }
    const [p, s] = await Promise.allSettled([plainStart, securedStart]);
    if (p.status === 'fulfilled') plain = p.value;
    if (s.status === 'fulfilled') secured = s.value;
    if (p.status === 'rejected') throw p.reason;
    if (s.status === 'rejected') throw s.reason;

    await writeFile(join(projectDir, 'not-a-cert.pem'), 'hello\n');
    await mkdir(join(projectDir, 'certs'));
    await writeFile(join(projectDir, 'certs', 'trino-ca.pem'), secured!.caCertificate!);
    // Another CA, which did not sign Trino's certificate.
    writeSelfSignedCert(join(projectDir, 'certs'), { cn: 'some other CA', name: 'other-ca' });
  }, 300_000);

  afterAll(async () => {
    await Promise.all([plain?.stop(), secured?.stop()]);
    if (projectDir) await rm(projectDir, { recursive: true, force: true });
  }, 60_000);

  it('while Trino starts: down (refused), then not ready ("starting", wait), then ok — never ok too early', () => {
    // Order of the states; a timeout (a JVM that accepts connections but is too busy starting to answer within
    // the 5 s given here) may come anywhere before ok and is left out of the order.
    const rank = (o: Observed) =>
      o.status === 'ok'
        ? 2
        : o.failure === 'unavailable' && o.state === 'starting'
          ? 1
          : o.failure === 'refused'
            ? 0
            : o.failure === 'timeout'
              ? undefined
              : -1;
    const summary = observed.map((o) => `${o.status}/${String(o.failure)}/${String(o.state)}: ${o.message}`).join('\n');
    const ranks = observed.map(rank).filter((r) => r !== undefined);
    for (const r of ranks) expect(r, summary).toBeGreaterThanOrEqual(0);
    expect(ranks, summary).toEqual([...ranks].sort((a, b) => a - b));
    const starting = observed.find((o) => rank(o) === 1);
    expect(starting, summary).toBeDefined();
    expect(starting!.status).toBe('error');
    expect(starting!.message).toMatch(/Trino 476 is still starting/);
    expect(starting!.remediation).toMatch(/^Wait until the coordinator has finished starting/);
    const refused = observed.find((o) => rank(o) === 0);
    expect(refused, summary).toBeDefined();
    expect(refused!.remediation).toContain('compute.test.port');
  });

  it('ready without authentication (http): ok, with version, user, catalogs and active nodes', async () => {
    const { result } = await runTrino(plainProfile({ schema: 'tiny' }), {}, projectDir);
    expect(result.status, result.message).toBe('ok');
    expect(result.details).toMatchObject({
      version: '476',
      user: 'floe',
      auth: 'none',
      tls: false,
      schema_exists: true,
    });
    expect(result.details.catalogs).toEqual(expect.arrayContaining(['tpch', 'system']));
    expect(result.details.active_nodes).toBeGreaterThanOrEqual(1);
    expect(result.message).toContain('catalog "tpch" answers');
  });

  it('unknown catalog → not-found, naming the catalog file and the field', async () => {
    const { result } = await runTrino(plainProfile({ catalog: 'lake' }), {}, projectDir);
    expect(result.status).toBe('error');
    expect(result.details.failure).toBe('not-found');
    expect(result.message).toContain('catalog "lake" is not visible to user "floe"');
    expect(result.remediation).toContain('etc/catalog/lake.properties');
    expect(result.remediation).toContain('compute.test.catalog');
  });

  it('down (nothing listens on the port) → refused, naming host and port', async () => {
    const { result } = await runTrino(plainProfile({ port: await closedPort() }), {}, projectDir);
    expect(result.status).toBe('error');
    expect(result.details.failure).toBe('refused');
    expect(result.remediation).toContain('compute.test.host');
    expect(result.remediation).toContain('compute.test.port');
  });

  it('ready with a password over https (CA from ca_certificate); the password never reaches the output', async () => {
    const password = secured!.password!.password;
    const { result, output } = await runTrino(
      securedProfile({ password: 'env:TRINO_PASSWORD' }),
      { 'env:TRINO_PASSWORD': password },
      projectDir,
    );
    expect(result.status, result.message).toBe('ok');
    expect(result.details).toMatchObject({ version: '476', auth: 'password', tls: true, schema_exists: true });
    expect(result.message).toContain('(password over https)');
    expectNoSecret(output, password);
  });

  it('ready with a JWT over https; the token never reaches the output', async () => {
    const token = secured!.signJwt!('floe');
    const { result, output } = await runTrino(
      securedProfile({ jwt_token: 'env:TRINO_JWT' }),
      { 'env:TRINO_JWT': token },
      projectDir,
    );
    expect(result.status, result.message).toBe('ok');
    expect(result.details).toMatchObject({ auth: 'jwt', tls: true });
    expectNoSecret(output, token);
  });

  it('wrong password (a canary) → unauthorized naming compute.<name>.password, never the value', async () => {
    const canary = `canarytrino${randomBytes(12).toString('hex')}`;
    const { result, output } = await runTrino(
      securedProfile({ password: 'env:TRINO_PASSWORD' }),
      { 'env:TRINO_PASSWORD': canary },
      projectDir,
    );
    expect(result.status).toBe('error');
    expect(result.details.failure).toBe('unauthorized');
    expect(result.details.http_status).toBe(401);
    expect(result.remediation).toContain('compute.test.password');
    expectNoSecret(output, canary);
  });

  it('JWT signed by an untrusted key → unauthorized naming compute.<name>.jwt_token, never the token', async () => {
    const token = foreignJwt('floe');
    const { result, output } = await runTrino(
      securedProfile({ jwt_token: 'env:TRINO_JWT' }),
      { 'env:TRINO_JWT': token },
      projectDir,
    );
    expect(result.details.failure).toBe('unauthorized');
    expect(result.details.jwt_expired).toBeUndefined();
    expect(result.remediation).toContain('compute.test.jwt_token');
    expectNoSecret(output, token);
  });

  it('expired JWT (signed by the trusted key) → unauthorized, says it expired, names jwt_token', async () => {
    const token = secured!.signJwt!('floe', -120);
    const { result, output } = await runTrino(
      securedProfile({ jwt_token: 'env:TRINO_JWT' }),
      { 'env:TRINO_JWT': token },
      projectDir,
    );
    expect(result.details.failure).toBe('unauthorized');
    expect(result.details.jwt_expired).toBe(true);
    expect(result.message).toMatch(/the token expired at/);
    expect(result.remediation).toContain('compute.test.jwt_token');
    expectNoSecret(output, token);
  });

  it('secured Trino without credentials → unauthorized naming password and jwt_token', async () => {
    const { result } = await runTrino(securedProfile(), {}, projectDir);
    expect(result.details.failure).toBe('unauthorized');
    expect(result.remediation).toContain('compute.test.password');
    expect(result.remediation).toContain('compute.test.jwt_token');
  });

  it('https to a private CA without ca_certificate → tls, naming ca_certificate', async () => {
    const { result } = await runTrino(
      securedProfile({ ca_certificate: undefined, password: 'env:P' }),
      { 'env:P': secured!.password!.password },
      projectDir,
    );
    expect(result.status).toBe('error');
    expect(result.details.failure).toBe('tls');
    expect(result.remediation).toMatch(/^Set compute\.test\.ca_certificate to the PEM file of the CA/);
  });

  it('ca_certificate of a CA that did not sign the certificate → tls, naming ca_certificate', async () => {
    const { result } = await runTrino(
      securedProfile({ ca_certificate: 'certs/other-ca.pem', password: 'env:P' }),
      { 'env:P': secured!.password!.password },
      projectDir,
    );
    expect(result.details.failure).toBe('tls');
    expect(result.remediation).toContain('not signed by the CA in compute.test.ca_certificate (certs/other-ca.pem)');
  });

  it('ca_certificate missing or not a certificate → local failure naming ca_certificate', async () => {
    const missing = await runTrino(securedProfile({ ca_certificate: 'certs/nope.pem' }), {}, projectDir);
    expect(missing.result.details.failure).toBe('local');
    expect(missing.result.message).toContain('cannot read compute.test.ca_certificate');
    const garbage = await runTrino(securedProfile({ ca_certificate: 'not-a-cert.pem' }), {}, projectDir);
    expect(garbage.result.details.failure).toBe('local');
    expect(garbage.result.message).toContain('is not a PEM certificate');
  });
});

describe('compute.trino over https with a private CA, against a host that never answers', () => {
  let hole: RunningServer;
  let dir: string;
  beforeAll(async () => {
    hole = await startBlackholeServer();
    dir = await mkdtemp(join(tmpdir(), 'floe-preflight-trino-ca-'));
    writeSelfSignedCert(dir, { cn: 'ca', name: 'ca' });
  });
  afterAll(async () => {
    await hole?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the CA path honours the timeout (the request is aborted, not abandoned)', async () => {
    const started = performance.now();
    const { result } = await runTrino(
      {
        type: 'trino',
        host: '127.0.0.1',
        port: hole.port,
        user: 'floe',
        catalog: 'lake',
        http_scheme: 'https',
        ca_certificate: 'ca.pem',
      },
      {},
      dir,
      1000,
    );
    expect(result.details.failure).toBe('timeout');
    expect(result.message).not.toContain('abandoned');
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
