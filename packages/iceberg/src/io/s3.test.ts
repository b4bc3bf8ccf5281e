import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3Server, s3ServerAvailable, startS3Server } from '../../../../testing/fixtures/s3/versitygw.js';
import { isIcebergError } from '../errors.js';
import { fileIOFor } from './registry.js';
import { S3FileIO } from './s3.js';
import { duckdbStorageSuite, fileIOConformanceSuite } from './testing/conformance.js';

// `make setup` builds versitygw (mk/preflight.mk); only a bare `vitest run` without it skips, never CI.
const available = s3ServerAvailable();

describe.skipIf(!available && process.env.CI !== 'true')('S3FileIO against a real S3 server (versitygw)', () => {
  let s3: S3Server;
  let io: S3FileIO;
  const properties = () => ({
    's3.endpoint': s3.endpoint,
    's3.path-style-access': 'true',
    's3.region': s3.region,
    's3.access-key-id': s3.root.accessKeyId,
    's3.secret-access-key': s3.root.secretAccessKey,
  });
  beforeAll(async () => {
    if (!available) throw new Error('versitygw is not installed (.tools/bin/versitygw): run `make setup`');
    s3 = await startS3Server();
    io = new S3FileIO(properties());
  });
  afterAll(async () => {
    await s3?.stop();
  });

  fileIOConformanceSuite('s3 (versitygw, endpoint + path-style)', {
    io: () => io,
    root: () => `s3://${s3.bucket}/conformance`,
    secrets: () => [s3.root.secretAccessKey, s3.reader.secretAccessKey],
    wrongCredentials: () => {
      const secret = `wrong-${randomUUID()}`;
      return { io: new S3FileIO({ ...properties(), 's3.secret-access-key': secret }), secret };
    },
    uploadedInParts: async (location) => {
      // A multipart upload's ETag is "<md5 of the part md5s>-<number of parts>".
      const { S3Client, HeadObjectCommand } = await import('@aws-sdk/client-s3');
      const client = new S3Client({
        region: s3.region,
        endpoint: s3.endpoint,
        forcePathStyle: true,
        credentials: s3.root,
      });
      const key = location.slice(`s3://${s3.bucket}/`.length);
      const head = await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
      client.destroy();
      return /-\d+"?$/.test(head.ETag ?? '');
    },
  });

  duckdbStorageSuite('s3 (versitygw)', { io: () => io, root: () => `s3://${s3.bucket}/duckdb` });

  it('read-only credentials read but cannot write (Forbidden), and their secret stays out of the error', async () => {
    const loc = `s3://${s3.bucket}/readonly/${randomUUID()}.json`;
    await io.write(loc, '{}');
    const reader = new S3FileIO({
      ...properties(),
      's3.access-key-id': s3.reader.accessKeyId,
      's3.secret-access-key': s3.reader.secretAccessKey,
    });
    expect(new TextDecoder().decode(await reader.read(loc))).toBe('{}');
    const error = await reader.write(`${loc}.2`, 'x').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isIcebergError(error) && error.kind).toBe('Forbidden');
    expect(String((error as Error).message)).not.toContain(s3.reader.secretAccessKey);
  });

  it('reaches the endpoint path-style under every S3 scheme, and DuckDB gets the same addressing', async () => {
    const key = `style/${randomUUID()}`;
    await io.write(`s3a://${s3.bucket}/${key}`, 'x');
    expect(new TextDecoder().decode(await io.read(`s3n://${s3.bucket}/${key}`))).toBe('x');
    const loc = `s3://${s3.bucket}/${key}`;
    // DuckDB gets the same addressing: host:port of the endpoint, path style, no TLS.
    const access = await io.duckdbAccess(loc);
    expect(access.secret?.params).toMatchObject({
      ENDPOINT: new URL(s3.endpoint).host,
      URL_STYLE: 'path',
      USE_SSL: false,
    });
    expect(io.duckdbPath(`s3a://${s3.bucket}/${key}`)).toBe(loc);
  });
});

describe('S3FileIO registration', () => {
  it('serves s3://, s3a:// and s3n://', () => {
    for (const scheme of ['s3', 's3a', 's3n']) expect(fileIOFor(`${scheme}://b/k`)).toBeInstanceOf(S3FileIO);
  });
});
