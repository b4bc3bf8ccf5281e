import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startBlackholeServer } from '../../../testing/fixtures/stubs/net.js';
import { adlsCheck } from '../src/checks/adls.js';
import { postgresComputeCheck } from '../src/checks/postgres.js';
import { restCatalogCheck } from '../src/checks/rest-catalog.js';
import { s3Check } from '../src/checks/s3.js';
import { cubeCheck } from '../src/checks/services.js';
import { trinoCheck } from '../src/checks/trino.js';
import { type CheckDefinition, type PlannedCheck, plan } from '../src/contract.js';
import { createRedactor } from '../src/redactor.js';
import { preflightReportSchema } from '../src/report.js';
import { runChecks } from '../src/runner.js';

/** A check that ignores its abort signal and never finishes. */
const hangingCheck: CheckDefinition<object> = {
  id: 'services.hang',
  group: 'services',
  secretRefs: () => [],
  run: () => new Promise(() => {}),
};

describe('runner: every check bounded by the timeout, all concurrent', () => {
  let hole: RunningServer;
  beforeAll(async () => {
    hole = await startBlackholeServer();
  });
  afterAll(() => hole?.stop());

  it('ends within timeout + 1 s when every host black-holes, each failure with a remediation', async () => {
    const secrets = new Map([
      ['env:K', 'AKIDBLACKHOLE'],
      ['env:S', 'blackhole-secret-value'],
      ['env:P', 'blackhole-password'],
      ['env:A', Buffer.from('k'.repeat(32)).toString('base64')],
    ]);
    const checks: PlannedCheck[] = [
      plan(s3Check, 'lake', {
        type: 's3',
        bucket: 'lake',
        prefix: '',
        endpoint: hole.url,
        region: 'us-east-1',
        path_style: true,
        credentials: { access_key_id: 'env:K', secret_access_key: 'env:S' },
      }),
      plan(adlsCheck, 'blob', {
        type: 'adls',
        account: 'floeacct',
        container: 'lake',
        prefix: '',
        endpoint: hole.url,
        credentials: { account_key: 'env:A' },
      }),
      plan(restCatalogCheck, 'polaris', {
        type: 'rest',
        uri: hole.url,
        warehouse: 'w',
        oauth2: { token_endpoint: `${hole.url}/token`, client_id: 'c', client_secret: 'env:S', scope: 's' },
      }),
      plan(postgresComputeCheck, 'pg', {
        type: 'postgres',
        host: '127.0.0.1',
        port: hole.port,
        user: 'u',
        password: 'env:P',
        database: 'd',
        schema: 'public',
      }),
      plan(trinoCheck, 'trino', {
        type: 'trino',
        host: '127.0.0.1',
        port: hole.port,
        user: 'u',
        catalog: 'c',
        http_scheme: 'http',
      }),
      plan(cubeCheck, 'cube', { url: hole.url }),
      plan(hangingCheck, 'hang', {}),
    ];
    const timeoutMs = 1500;
    const start = performance.now();
    const report = await runChecks(checks, {
      timeoutMs,
      projectDir: process.cwd(),
      platform: 'p.yaml',
      secrets,
      redact: createRedactor(secrets.values()),
    });
    const elapsed = performance.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(elapsed).toBeLessThan(timeoutMs + 1000);
    expect(report.status).toBe('error');
    expect(report.checks.map((c) => c.service)).toEqual([
      'storage/lake',
      'storage/blob',
      'catalog/polaris',
      'compute/pg',
      'compute/trino',
      'services/cube',
      'services/hang',
    ]);
    for (const check of report.checks) {
      expect(check.status, check.service).toBe('error');
      expect(check.details.failure, check.service).toBe('timeout');
      expect(check.remediation, check.service).toMatch(/timeout/i);
      expect(check.duration_ms).toBeLessThan(timeoutMs + 1000);
    }
    expect(preflightReportSchema.safeParse(report).success).toBe(true);
  });

  it('turns an unexpected exception into an error result instead of crashing the run', async () => {
    const broken: CheckDefinition<object> = {
      id: 'compute.broken',
      group: 'compute',
      secretRefs: () => [],
      run: async () => {
        throw new TypeError('boom');
      },
    };
    const report = await runChecks([plan(broken, 'x', {})], {
      timeoutMs: 1000,
      projectDir: '.',
      platform: 'p',
      secrets: new Map(),
      redact: (t) => t,
    });
    expect(report.checks[0]?.status).toBe('error');
    expect(report.checks[0]?.message).toContain('boom');
    expect(report.checks[0]?.remediation).toContain('FLOE_DEBUG');
  });
});
