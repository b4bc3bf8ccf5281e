/**
 * Runs the real `floe` binary (packages/cli/bin/floe.js, built by `make setup`) against platform files.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, type RunningServer, startBlackholeServer } from '../../../testing/fixtures/stubs/net.js';
import { preflightReportSchema } from '../src/report.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(ROOT, 'packages/cli/bin/floe.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function floe(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const start = performance.now();
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (code) => resolvePromise({ code, stdout, stderr, ms: performance.now() - start }));
  });
}

const canary = (name: string) => `canary-${name}-${randomBytes(8).toString('hex')}`;

describe('floe preflight (the real binary)', () => {
  let dir: string;
  let hole: RunningServer;
  let platformFile: string;
  let startupMs = 0;
  const secrets = {
    CANARY_S3_KEY: canary('s3key'),
    CANARY_S3_SECRET: canary('s3secret'),
    CANARY_AZ_KEY: Buffer.from(canary('azkey')).toString('base64'),
    CANARY_CLIENT_SECRET: canary('oauth'),
    CANARY_PG: canary('pg'),
    CANARY_TRINO: canary('trino'),
    CANARY_META: canary('meta'),
    CANARY_OTLP: canary('otlp'),
    CANARY_OL: canary('ol'),
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'floe-preflight-cli-'));
    hole = await startBlackholeServer();
    const p = await Promise.all(Array.from({ length: 10 }, () => closedPort()));
    platformFile = join(dir, 'closed.yaml');
    await writeFile(
      platformFile,
      `apiVersion: floe.dev/v1
kind: Platform
metadata: { name: closed, environment: test }
storage:
  lake:
    type: s3
    bucket: floe-lake
    endpoint: http://127.0.0.1:${p[0]}
    path_style: true
    credentials: { access_key_id: env:CANARY_S3_KEY, secret_access_key: env:CANARY_S3_SECRET }
  blob:
    type: adls
    account: floeacct
    container: lake
    endpoint: http://127.0.0.1:${p[1]}/floeacct
    credentials: { account_key: env:CANARY_AZ_KEY }
catalogs:
  polaris:
    type: rest
    uri: ${hole.url}/api/catalog
    warehouse: floe
    oauth2: { token_endpoint: ${hole.url}/api/catalog/v1/oauth/tokens, client_id: floe, client_secret: env:CANARY_CLIENT_SECRET }
compute:
  pg: { type: postgres, host: 127.0.0.1, port: ${p[2]}, user: floe, password: env:CANARY_PG, database: floe }
  trino: { type: trino, host: 127.0.0.1, port: ${p[3]}, user: floe, password: env:CANARY_TRINO, catalog: iceberg }
orchestration:
  dagster:
    metadata: { type: postgres, host: 127.0.0.1, port: ${p[4]}, user: dagster, password: env:CANARY_META, database: dagster }
observability:
  otlp: { endpoint: http://127.0.0.1:${p[5]}, headers: { x-api-key: env:CANARY_OTLP } }
  openlineage: { url: http://127.0.0.1:${p[6]}, api_key: env:CANARY_OL }
services:
  cube: { url: http://127.0.0.1:${p[7]} }
  dagster: { url: http://127.0.0.1:${p[8]} }
`,
    );
    startupMs = (await floe(['--version'])).ms;
  });
  afterAll(async () => {
    await hole?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('passes on the embedded default platform (demo/platform/local.yaml)', async () => {
    const run = await floe(['preflight', '--platform', 'demo/platform/local.yaml']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/compute\/default\s+compute\.duckdb\s+ok/);
    expect(run.stdout).toMatch(/storage\/default\s+storage\.local\s+ok/);
    expect(run.stdout).toMatch(/catalog\/default\s+catalog\.sql\s+ok/);
    expect(run.stdout).toContain('preflight passed');
  });

  it('closed ports and a black hole with --timeout 2: exit 1 within 3 s (beyond CLI start-up), a remediation for every failure, no secret in the output', async () => {
    const run = await floe(['preflight', '--platform', platformFile, '--all', '--timeout', '2'], secrets);
    expect(run.code, run.stderr).toBe(1);
    // The run itself (the summary line and the JSON report's duration_ms) must end within 3 s. The process
    // as a whole also pays the CLI's start-up (`floe --version`: seconds, and noisy on a loaded machine), so
    // the wall clock only has to show the process did not hang on a socket after printing.
    expect(run.ms - startupMs, `total ${Math.round(run.ms)} ms, start-up ${Math.round(startupMs)} ms`).toBeLessThan(
      6000,
    );
    expect(run.stdout, run.stderr).toMatch(/FAILED: 10 error in [0-2]\.\d+s/);
    const rows = run.stdout.split('\n').filter((l) => / FAIL /.test(l) && !l.trimStart().startsWith('FAIL'));
    expect(rows).toHaveLength(10);
    const remediations = run.stdout.split('Remediation:')[1] ?? '';
    expect(remediations.match(/→ \S/g) ?? []).toHaveLength(10);
    expect(run.stdout).toContain('connection refused');
    expect(run.stdout).toMatch(/catalog\/polaris.*no answer/);
    for (const value of Object.values(secrets)) {
      expect(run.stdout).not.toContain(value);
      expect(run.stderr).not.toContain(value);
    }
  });

  it('--json follows the report schema; every failed check has a remediation', async () => {
    const run = await floe(
      ['preflight', '--platform', platformFile, '--check-storage', '--check-compute', '--timeout', '2', '--json'],
      secrets,
    );
    expect(run.code, run.stderr).toBe(1);
    const report = preflightReportSchema.parse(JSON.parse(run.stdout));
    expect(report.duration_ms).toBeLessThan(3000);
    expect(report.checks.map((c) => c.service).sort()).toEqual([
      'compute/pg',
      'compute/trino',
      'storage/blob',
      'storage/lake',
    ]);
    for (const check of report.checks) {
      expect(check.status).toBe('error');
      expect(check.details.failure).toBe('refused');
      expect(check.remediation).toBeTruthy();
    }
    for (const value of Object.values(secrets)) expect(run.stdout + run.stderr).not.toContain(value);
  });

  it('floe schema preflight-report prints the report JSON Schema', async () => {
    const run = await floe(['schema', 'preflight-report']);
    expect(run.code, run.stderr).toBe(0);
    const schema = JSON.parse(run.stdout) as { $id: string; required: string[] };
    expect(schema.$id).toContain('preflight-report');
    expect(schema.required).toContain('checks');
  });

  it('exit 2 when a credential reference cannot be resolved', async () => {
    const missing = await floe(['preflight', '--platform', platformFile, '--check-compute'], {
      ...secrets,
      CANARY_PG: '',
    });
    expect(missing.code, missing.stderr + missing.stdout).toBe(2);
    expect(missing.stderr).toContain('CANARY_PG');
  });

  it('exit 2 when the platform file does not exist', async () => {
    const noFile = await floe(['preflight', '--platform', join(dir, 'nope.yaml')]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('does not exist');
  });
});
