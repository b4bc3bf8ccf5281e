import type { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { IcebergError } from '../errors.js';
import type { DuckDBStorageAccess, FileInfo, FileIO, StorageProperties } from './file-io.js';
import { existsBySize, objectStoreError, redactor, statusOf } from './object-store.js';

/** Files at or above this size are uploaded in parts (multipart upload). */
const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
const PART_SIZE = 8 * 1024 * 1024;

export interface S3FileIOOptions {
  /** Credentials that refresh themselves (vended by a REST catalog); wins over the static keys in the properties. */
  credentials?: AwsCredentialIdentityProvider;
  /** Attempts per request, first included (default 5): throttling, 5xx and connection resets are retried. */
  maxAttempts?: number;
  /** Milliseconds a request may wait for the server before it is abandoned and retried (default 60 000). */
  requestTimeoutMs?: number;
}

/** `s3://bucket/key` (also `s3a://`, `s3n://`) → bucket and key. */
export function parseS3Location(location: string): { bucket: string; key: string } {
  const m = /^s3[an]?:\/\/([^/]+)\/?(.*)$/i.exec(location);
  if (!m) {
    throw new IcebergError('DataInvalid', `not an S3 location: ${location}`, { context: { location } });
  }
  return { bucket: m[1]!, key: m[2]! };
}

const truthy = (v: string | undefined) => v !== undefined && /^(true|1|yes)$/i.test(v);

/**
 * S3 and S3-compatible stores through the AWS SDK (`@aws-sdk/client-s3`, loaded on first use). Credentials: the
 * static keys of the properties (`s3.access-key-id`, `s3.secret-access-key`, `s3.session-token`), else a refreshing
 * provider, else the SDK's default chain (environment, profiles, web identity/IRSA, container and instance metadata).
 * Endpoint override (`s3.endpoint`), path-style addressing (`s3.path-style-access`), region (`s3.region`,
 * `client.region`). The SDK retries throttling, 5xx and connection resets with backoff; large files go up in parts.
 */
export class S3FileIO implements FileIO {
  readonly #properties: StorageProperties;
  readonly #options: S3FileIOOptions;
  readonly #redact: (text: string) => string;
  #client: Promise<{ client: S3Client; sdk: typeof import('@aws-sdk/client-s3') }> | undefined;

  constructor(properties: StorageProperties, options: S3FileIOOptions = {}) {
    this.#properties = properties;
    this.#options = options;
    this.#redact = redactor([
      properties['s3.access-key-id'],
      properties['s3.secret-access-key'],
      properties['s3.session-token'],
    ]);
  }

  get region(): string {
    return this.#properties['s3.region'] ?? this.#properties['client.region'] ?? process.env.AWS_REGION ?? 'us-east-1';
  }

  #staticCredentials(): AwsCredentialIdentity | undefined {
    const p = this.#properties;
    const accessKeyId = p['s3.access-key-id'];
    const secretAccessKey = p['s3.secret-access-key'];
    if (!accessKeyId || !secretAccessKey) return undefined;
    return { accessKeyId, secretAccessKey, ...(p['s3.session-token'] ? { sessionToken: p['s3.session-token'] } : {}) };
  }

  async #sdk() {
    this.#client ??= (async () => {
      // The SDK warns on stderr about Node < 22 at its first client: floe supports Node 20.19+ (images run Node
      // 24), and that notice would land in every command's output.
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
      const [sdk, { NodeHttpHandler }] = await Promise.all([
        import('@aws-sdk/client-s3'),
        import('@smithy/node-http-handler'),
      ]);
      const endpoint = this.#properties['s3.endpoint'];
      const client = new sdk.S3Client({
        region: this.region,
        ...(endpoint ? { endpoint } : {}),
        forcePathStyle: truthy(this.#properties['s3.path-style-access']),
        maxAttempts: this.#options.maxAttempts ?? 5,
        credentials: this.#options.credentials ?? this.#staticCredentials(),
        // Checksums only where S3 requires them: S3-compatible stores do not all accept the newer defaults.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        requestHandler: new NodeHttpHandler({
          connectionTimeout: 10_000,
          requestTimeout: this.#options.requestTimeoutMs ?? 60_000,
          throwOnRequestTimeout: true,
        }),
      });
      return { client, sdk };
    })();
    return this.#client;
  }

  #fail(op: string, location: string, error: unknown): never {
    throw objectStoreError(op, location, error, this.#redact);
  }

  async read(location: string): Promise<Uint8Array> {
    const { client, sdk } = await this.#sdk();
    const { bucket, key } = parseS3Location(location);
    try {
      const response = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!response.Body) return new Uint8Array();
      return await response.Body.transformToByteArray();
    } catch (error) {
      this.#fail('read', location, error);
    }
  }

  async write(location: string, data: Uint8Array | string): Promise<void> {
    await this.#put(location, data, false);
  }

  async writeIfAbsent(location: string, data: Uint8Array | string): Promise<boolean> {
    return this.#put(location, data, true);
  }

  async #put(location: string, data: Uint8Array | string, ifAbsent: boolean): Promise<boolean> {
    const { client, sdk } = await this.#sdk();
    const { bucket, key } = parseS3Location(location);
    const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      if (body.byteLength >= MULTIPART_THRESHOLD && !ifAbsent) {
        const { Upload } = await import('@aws-sdk/lib-storage');
        // A failed multipart upload is aborted by Upload (leavePartsOnError: false): no object appears.
        await new Upload({
          client,
          params: { Bucket: bucket, Key: key, Body: body },
          partSize: PART_SIZE,
          queueSize: 4,
        }).done();
        return true;
      }
      // If-None-Match: * makes the put conditional (S3 and most compatible stores answer 412 when the key exists).
      await client.send(
        new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...(ifAbsent ? { IfNoneMatch: '*' } : {}) }),
      );
      return true;
    } catch (error) {
      const status = statusOf(error);
      if (ifAbsent && (status === 412 || (error as Error).name === 'PreconditionFailed')) return false;
      this.#fail('write', location, error);
    }
  }

  exists(location: string): Promise<boolean> {
    return existsBySize(this, location);
  }

  async size(location: string): Promise<number> {
    const { client, sdk } = await this.#sdk();
    const { bucket, key } = parseS3Location(location);
    try {
      const head = await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      this.#fail('stat', location, error);
    }
  }

  async delete(location: string): Promise<void> {
    const { client, sdk } = await this.#sdk();
    const { bucket, key } = parseS3Location(location);
    try {
      await client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      if (statusOf(error) === 404) return;
      this.#fail('delete', location, error);
    }
  }

  async list(prefix: string): Promise<FileInfo[]> {
    const { client, sdk } = await this.#sdk();
    const { bucket, key } = parseS3Location(prefix);
    const scheme = prefix.slice(0, prefix.indexOf('://'));
    const out: FileInfo[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await client.send(
          // A directory, like the local FileIO: `.../orders` must not list `.../orders_v2/` (removeOrphanFiles, purge).
          new sdk.ListObjectsV2Command({
            Bucket: bucket,
            Prefix: key && !key.endsWith('/') ? `${key}/` : key,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
        for (const o of page.Contents ?? []) {
          if (!o.Key) continue;
          out.push({
            location: `${scheme}://${bucket}/${o.Key}`,
            size: o.Size ?? 0,
            modifiedMs: o.LastModified?.getTime() ?? 0,
          });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      if (statusOf(error) === 404) return out;
      this.#fail('list', prefix, error);
    }
    return out;
  }

  localPath(): undefined {
    return undefined;
  }

  duckdbPath(location: string): string {
    const { bucket, key } = parseS3Location(location);
    return `s3://${bucket}/${key}`;
  }

  /**
   * A DuckDB `s3` secret scoped to the bucket: the static keys when the properties carry them, else DuckDB's AWS
   * credential chain (the aws extension), so DuckDB reads and writes Parquet in the bucket itself.
   */
  async duckdbAccess(location: string): Promise<DuckDBStorageAccess> {
    const { bucket } = parseS3Location(location);
    const endpoint = this.#properties['s3.endpoint'];
    const url = endpoint ? new URL(endpoint) : undefined;
    const keys = this.#options.credentials ? await this.#options.credentials() : this.#staticCredentials();
    const params: Record<string, string | boolean> = {
      REGION: this.region,
      URL_STYLE: truthy(this.#properties['s3.path-style-access']) ? 'path' : 'vhost',
      ...(url ? { ENDPOINT: url.host + url.pathname.replace(/\/+$/, ''), USE_SSL: url.protocol === 'https:' } : {}),
      ...(keys
        ? {
            KEY_ID: keys.accessKeyId,
            SECRET: keys.secretAccessKey,
            ...(keys.sessionToken ? { SESSION_TOKEN: keys.sessionToken } : {}),
          }
        : { PROVIDER: 'credential_chain' }),
    };
    return { extension: 'httpfs', secret: { type: 's3', scope: `s3://${bucket}`, params } };
  }
}
