import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GoogleStub, startGoogleStub } from '../../../testing/fixtures/stubs/google-stub.js';
import type { StubServer } from '../../../testing/fixtures/stubs/http-app.js';
import { startSnowflakeStub } from '../../../testing/fixtures/stubs/snowflake-stub.js';
import { startTrinoStub } from '../../../testing/fixtures/stubs/trino-stub.js';
import { bigqueryCheck } from '../src/checks/bigquery.js';
import { gcsCheck } from '../src/checks/gcs.js';
import { snowflakeCheck } from '../src/checks/snowflake.js';
import { trinoCheck } from '../src/checks/trino.js';
import type { SnowflakeComputeProfile, TrinoComputeProfile } from '../src/profiles.js';
import { runCheck } from './helpers.js';

/**
 * The Trino check runs against a real Trino in trino-real.test.ts (ready, starting, down, credentials, TLS,
 * catalogs). This STUB covers only what the single-node test Trino cannot produce: an access-control denial
 * (it allows every user everything) and NO_NODES_AVAILABLE (its coordinator is its only worker).
 */
describe('compute.trino against a Trino protocol STUB (only what the real test Trino cannot answer)', () => {
  let stub: StubServer;
  let noNodes: StubServer;
  const profile = (server: StubServer, user = 'floe'): TrinoComputeProfile => ({
    type: 'trino',
    host: new URL(server.url).hostname,
    port: Number(new URL(server.url).port),
    user,
    catalog: 'iceberg',
    http_scheme: 'http',
  });
  beforeAll(async () => {
    stub = await startTrinoStub({ user: 'floe', catalogs: ['iceberg', 'system'] });
    noNodes = await startTrinoStub({ user: 'floe', catalogs: ['iceberg'], noNodes: true });
  });
  afterAll(async () => {
    await stub?.stop();
    await noNodes?.stop();
  });

  it('stub: the sequence of statements the check sends passes', async () => {
    const result = await runCheck(trinoCheck, profile(stub));
    expect(result.status, result.message).toBe('ok');
  });
  it('stub: access control denies the user → forbidden, naming the user field', async () => {
    const result = await runCheck(trinoCheck, profile(stub, 'intruder'));
    expect(result.details.failure).toBe('forbidden');
    expect(result.details.error_name).toBe('PERMISSION_DENIED');
    expect(result.remediation).toContain('compute.test.user');
  });
  it('stub: NO_NODES_AVAILABLE → not ready, wait for workers', async () => {
    const result = await runCheck(trinoCheck, profile(noNodes));
    expect(result.status).toBe('error');
    expect(result.details.failure).toBe('unavailable');
    expect(result.details.state).toBe('no-nodes');
    expect(result.remediation).toMatch(/^Wait for the workers/);
  });
});

describe('compute.snowflake against a Snowflake HTTP API STUB', () => {
  let stub: StubServer;
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const profile: SnowflakeComputeProfile = {
    type: 'snowflake',
    account: 'xy12345',
    user: 'FLOE',
    password: 'env:SF_PW',
    warehouse: 'COMPUTE_WH',
    database: 'ANALYTICS',
  };
  const secrets = { 'env:SF_PW': 'snowflake-pw-9f8e7d' };
  let check: ReturnType<typeof snowflakeCheck>;
  beforeAll(async () => {
    stub = await startSnowflakeStub({
      user: 'FLOE',
      password: 'snowflake-pw-9f8e7d',
      publicKey: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      warehouses: ['COMPUTE_WH'],
    });
    check = snowflakeCheck({ baseUrl: () => stub.url });
  });
  afterAll(() => stub?.stop());

  it('stub: password login, warehouse usable, SELECT 1', async () => {
    const result = await runCheck(check, profile, secrets);
    expect(result.status, result.message).toBe('ok');
  });
  it('stub: key-pair (JWT) login', async () => {
    const result = await runCheck(
      check,
      { ...profile, password: undefined, private_key: 'env:SF_KEY' },
      { 'env:SF_KEY': privatePem },
    );
    expect(result.status, result.message).toBe('ok');
  });
  it('stub: wrong password → unauthorized', async () => {
    const result = await runCheck(check, profile, { 'env:SF_PW': 'nope-nope' });
    expect(result.details.failure).toBe('unauthorized');
    expect(result.details.snowflake_code).toBe('390100');
  });
  it('stub: unusable warehouse → forbidden with a GRANT USAGE remediation', async () => {
    const result = await runCheck(check, { ...profile, warehouse: 'MISSING_WH' }, secrets);
    expect(result.details.failure).toBe('forbidden');
    expect(result.remediation).toContain('GRANT USAGE ON WAREHOUSE MISSING_WH');
  });
});

describe('BigQuery and GCS against a Google API STUB (token endpoint verifies the key signature)', () => {
  let stub: GoogleStub;
  beforeAll(async () => {
    stub = await startGoogleStub({
      project: 'floe-demo',
      datasets: ['analytics'],
      buckets: ['floe-lake'],
      writers: ['writer@floe-demo.iam.gserviceaccount.com'],
    });
  });
  afterAll(() => stub?.stop());
  const bq = () => bigqueryCheck({ apiBase: stub.url });
  const bqProfile = {
    type: 'bigquery' as const,
    project: 'floe-demo',
    dataset: 'analytics',
    location: 'US',
    method: 'service-account' as const,
    keyfile: 'env:BQ_KEY',
  };

  it('stub: BigQuery passes (token, dataset visible, dry-run query)', async () => {
    const result = await runCheck(bq(), bqProfile, { 'env:BQ_KEY': stub.serviceAccountKey() });
    expect(result.status, result.message).toBe('ok');
  });
  it('stub: BigQuery with an unknown key → unauthorized', async () => {
    const result = await runCheck(bq(), bqProfile, { 'env:BQ_KEY': stub.unknownServiceAccountKey() });
    expect(result.details.failure).toBe('unauthorized');
  });
  it('stub: BigQuery missing dataset → not-found', async () => {
    const result = await runCheck(bq(), { ...bqProfile, dataset: 'nope' }, { 'env:BQ_KEY': stub.serviceAccountKey() });
    expect(result.details.failure).toBe('not-found');
    expect(result.remediation).toContain('bq mk');
  });

  const gcsProfile = (bucket = 'floe-lake') => ({
    type: 'gcs' as const,
    bucket,
    prefix: 'wh',
    endpoint: stub.url,
    credentials: { service_account_key: 'env:GCS_KEY' },
  });
  it('stub: GCS passes for a writer', async () => {
    const result = await runCheck(gcsCheck, gcsProfile(), {
      'env:GCS_KEY': stub.serviceAccountKey('writer@floe-demo.iam.gserviceaccount.com'),
    });
    expect(result.status, result.message).toBe('ok');
    expect(result.details.steps).toEqual(['token', 'bucket', 'write', 'read', 'delete']);
  });
  it('stub: GCS read-only service account → read-only', async () => {
    const result = await runCheck(gcsCheck, gcsProfile(), {
      'env:GCS_KEY': stub.serviceAccountKey('reader@floe-demo.iam.gserviceaccount.com'),
    });
    expect(result.details.failure).toBe('read-only');
  });
  it('stub: GCS missing bucket → not-found', async () => {
    const result = await runCheck(gcsCheck, gcsProfile('nope-bucket'), { 'env:GCS_KEY': stub.serviceAccountKey() });
    expect(result.details.failure).toBe('not-found');
  });
});
