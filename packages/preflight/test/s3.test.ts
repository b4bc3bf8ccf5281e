import { redact } from '@floe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3Server, s3ServerAvailable, startS3Server } from '../../../testing/fixtures/s3/versitygw.js';
import {
  closedPort,
  type RunningServer,
  startBlackholeServer,
  startSelfSignedTlsServer,
  UNRESOLVABLE_HOST,
} from '../../../testing/fixtures/stubs/net.js';
import { s3Check } from '../src/checks/s3.js';
import type { S3StorageProfile } from '../src/profiles.js';
import { runCheck } from './helpers.js';

const refs = { access_key_id: 'env:S3_KEY', secret_access_key: 'env:S3_SECRET' };

describe.skipIf(!s3ServerAvailable())('storage.s3 against a real S3 server (versitygw)', () => {
  let s3: S3Server;
  let profile: S3StorageProfile;
  let secrets: Record<string, string>;
  beforeAll(async () => {
    s3 = await startS3Server();
    profile = {
      type: 's3',
      bucket: s3.bucket,
      prefix: 'warehouse',
      endpoint: s3.endpoint,
      region: s3.region,
      path_style: true,
      credentials: refs,
    };
    secrets = { 'env:S3_KEY': s3.root.accessKeyId, 'env:S3_SECRET': s3.root.secretAccessKey };
  });
  afterAll(() => s3?.stop());

  it('passes: lists the bucket, writes, reads and deletes a probe object under the prefix', async () => {
    const result = await runCheck(s3Check, profile, secrets);
    expect(result.status, result.message).toBe('ok');
    expect(result.details.steps).toEqual(['list', 'write', 'read', 'delete']);
    expect(result.remediation).toBeNull();
  });

  it('without configured credentials uses AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and redacts them', async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = s3.root.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = s3.root.secretAccessKey;
    try {
      const result = await runCheck(s3Check, { ...profile, credentials: undefined });
      expect(result.status, result.message).toBe('ok');
      // The values were registered for redaction although no reference names them.
      expect(redact(`key ${s3.root.accessKeyId} secret ${s3.root.secretAccessKey}`)).toBe('key *** secret ***');
    } finally {
      process.env.AWS_ACCESS_KEY_ID = saved.id ?? '';
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret ?? '';
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    }
  });

  it('recognises a wrong secret key (signature mismatch)', async () => {
    const result = await runCheck(s3Check, profile, { ...secrets, 'env:S3_SECRET': 'not-the-right-secret-value' });
    expect(result.status).toBe('error');
    expect(result.details.failure).toBe('unauthorized');
    expect(result.details.s3_code).toBe('SignatureDoesNotMatch');
    expect(result.remediation).toContain('storage.test.credentials.secret_access_key');
  });

  it('recognises an unknown access key id', async () => {
    const result = await runCheck(s3Check, profile, { ...secrets, 'env:S3_KEY': 'AKIDUNKNOWN0000' });
    expect(result.details.s3_code).toBe('InvalidAccessKeyId');
    expect(result.remediation).toContain('access_key_id');
  });

  it('recognises a missing bucket', async () => {
    const result = await runCheck(s3Check, { ...profile, bucket: 'no-such-bucket' }, secrets);
    expect(result.status).toBe('error');
    expect(result.details.failure).toBe('not-found');
    expect(result.message).toContain('"no-such-bucket" does not exist');
    expect(result.remediation).toMatch(/Create the bucket/);
  });

  it('recognises read-only credentials (list and read allowed, write denied)', async () => {
    const result = await runCheck(s3Check, profile, {
      'env:S3_KEY': s3.reader.accessKeyId,
      'env:S3_SECRET': s3.reader.secretAccessKey,
    });
    expect(result.status).toBe('error');
    expect(result.details.failure).toBe('read-only');
    expect(result.details.steps).toEqual(['list']);
    expect(result.remediation).toContain('s3:PutObject');
  });

  it('suggests path-style addressing when the virtual-hosted bucket host does not resolve', async () => {
    const endpoint = `http://${UNRESOLVABLE_HOST}:${new URL(s3.endpoint).port}`;
    const result = await runCheck(s3Check, { ...profile, endpoint, path_style: false }, secrets);
    expect(result.details.failure).toBe('dns');
    expect(result.remediation).toContain('path_style: true');
  });
});

describe('storage.s3 network failures (local sockets)', () => {
  const secrets = { 'env:S3_KEY': 'AKIDEXAMPLE', 'env:S3_SECRET': 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
  const base: S3StorageProfile = {
    type: 's3',
    bucket: 'lake',
    prefix: '',
    region: 'us-east-1',
    path_style: true,
    credentials: refs,
  };
  let blackhole: RunningServer;
  let tls: RunningServer;
  beforeAll(async () => {
    blackhole = await startBlackholeServer();
    tls = await startSelfSignedTlsServer();
  });
  afterAll(async () => {
    await blackhole?.stop();
    await tls?.stop();
  });

  it('DNS failure: a host under .invalid', async () => {
    const result = await runCheck(s3Check, { ...base, endpoint: `http://${UNRESOLVABLE_HOST}:9000` }, secrets);
    expect(result.details.failure).toBe('dns');
    expect(result.remediation).toContain('storage.test.endpoint');
  });

  it('connection refused: a closed port', async () => {
    const result = await runCheck(s3Check, { ...base, endpoint: `http://127.0.0.1:${await closedPort()}` }, secrets);
    expect(result.details.failure).toBe('refused');
    expect(result.remediation).toMatch(/Start the service/);
  });

  it('timeout: a server that accepts and never answers', async () => {
    const start = performance.now();
    const result = await runCheck(s3Check, { ...base, endpoint: blackhole.url }, secrets, { timeoutMs: 800 });
    expect(performance.now() - start).toBeLessThan(800 + 1000);
    expect(result.details.failure).toBe('timeout');
    expect(result.remediation).toMatch(/--timeout/);
  });

  it('TLS error: a self-signed certificate', async () => {
    const result = await runCheck(s3Check, { ...base, endpoint: tls.url }, secrets);
    expect(result.details.failure).toBe('tls');
    expect(result.remediation).toContain('NODE_EXTRA_CA_CERTS');
  });
});
