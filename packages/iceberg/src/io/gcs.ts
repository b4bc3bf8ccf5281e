import type { Bucket, Storage, StorageOptions } from '@google-cloud/storage';
import type { GoogleAuth } from 'google-auth-library';
import { IcebergError } from '../errors.js';
import type { DuckDBStorageAccess, FileInfo, FileIO, StorageProperties } from './file-io.js';
import { existsBySize, objectStoreError, redactor, statusOf } from './object-store.js';

/** Files at or above this size go up as a resumable upload in chunks (each chunk retried on its own). */
const RESUMABLE_THRESHOLD = 8 * 1024 * 1024;
/** Chunk size of resumable uploads: a multiple of 256 KiB, as GCS requires. */
const CHUNK_SIZE = 8 * 1024 * 1024;
const READ_WRITE_SCOPE = 'https://www.googleapis.com/auth/devstorage.read_write';
/** Connection failures: the storage is unreachable (never "not found", even for ENOTFOUND of a DNS lookup). */
const NETWORK_FAILURE =
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH)\b|socket hang up/;
const AUTH_FAILURE =
  /invalid_grant|invalid_client|unauthorized_client|No refresh token is set|Could not load the default credentials/;

export interface GcsFileIOOptions {
  /** Retries after the first attempt (default 5): 408, 429, 5xx and connection resets are retried with backoff. */
  maxRetries?: number;
  /** Milliseconds one HTTP request may take before it is abandoned (default 60 000). */
  requestTimeoutMs?: number;
  /** First delay between retries in seconds is 1, multiplied by this after each retry (default 2). */
  retryDelayMultiplier?: number;
  /** Longest delay between two retries in seconds (default 32). */
  maxRetryDelaySeconds?: number;
}

/** `gs://bucket/key` (also `gcs://`) → bucket and key. */
export function parseGcsLocation(location: string): { bucket: string; key: string } {
  const m = /^(?:gs|gcs):\/\/([^/]+)\/?(.*)$/i.exec(location);
  if (!m) {
    throw new IcebergError('DataInvalid', `not a GCS location: ${location}`, { context: { location } });
  }
  return { bucket: m[1]!, key: m[2]! };
}

interface ServiceAccountKey {
  type?: string;
  project_id?: string;
  private_key?: string;
  private_key_id?: string;
  client_email?: string;
}

/** `gcs.service-account-key`: the JSON key file's text (or that text base64-encoded). */
function parseServiceAccountKey(text: string | undefined): ServiceAccountKey | undefined {
  if (!text) return undefined;
  const json = text.trimStart().startsWith('{') ? text : Buffer.from(text, 'base64').toString('utf8');
  try {
    const key = JSON.parse(json) as ServiceAccountKey;
    if (typeof key !== 'object' || key === null) throw new Error('not an object');
    return key;
  } catch {
    // Never echo the value: it is a private key.
    throw new IcebergError('DataInvalid', 'gcs.service-account-key is not a service account JSON key', {
      context: { property: 'gcs.service-account-key' },
    });
  }
}

/**
 * Google Cloud Storage through `@google-cloud/storage` (loaded on first use). Credentials, first match wins:
 * `gcs.oauth2.token` (a bearer token as REST catalogs vend it, with `gcs.oauth2.token-expires-at` in epoch ms),
 * `gcs.service-account-key` (floe's property: the service account JSON key's text), else application default
 * credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, workload identity, the metadata server). `gcs.service.host`
 * overrides the endpoint (an emulator such as fake-gcs-server); with an endpoint and no credentials requests carry no
 * authorization at all. `gcs.project-id`, `gcs.user-project` (requester pays). The SDK retries 408, 429, 5xx and
 * connection resets with exponential backoff; every floe write is idempotent (same bytes to a unique name), so writes
 * are retried too. Uploads of 8 MiB and more are resumable and go up in 8 MiB chunks.
 */
export class GcsFileIO implements FileIO {
  readonly #properties: StorageProperties;
  readonly #options: GcsFileIOOptions;
  readonly #key: ServiceAccountKey | undefined;
  readonly #redact: (text: string) => string;
  #storage: Promise<Storage> | undefined;
  #tokenSource: Promise<GoogleAuth> | undefined;

  constructor(properties: StorageProperties, options: GcsFileIOOptions = {}) {
    this.#properties = properties;
    this.#options = options;
    this.#key = parseServiceAccountKey(properties['gcs.service-account-key']);
    const privateKey = this.#key?.private_key;
    this.#redact = redactor([
      properties['gcs.oauth2.token'],
      properties['gcs.hmac-secret'],
      properties['gcs.service-account-key'],
      privateKey,
      privateKey ? JSON.stringify(privateKey).slice(1, -1) : undefined,
      ...(privateKey ?? '').split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----')),
      this.#key?.private_key_id,
    ]);
  }

  get endpoint(): string | undefined {
    return this.#properties['gcs.service.host']?.replace(/\/+$/, '') || undefined;
  }

  get projectId(): string | undefined {
    return this.#properties['gcs.project-id'] ?? this.#key?.project_id;
  }

  async #client(): Promise<Storage> {
    this.#storage ??= (async () => {
      const { Storage, IdempotencyStrategy } = await import('@google-cloud/storage');
      const p = this.#properties;
      const options: StorageOptions = {
        ...(this.projectId ? { projectId: this.projectId } : {}),
        ...(this.endpoint ? { apiEndpoint: this.endpoint } : {}),
        timeout: this.#options.requestTimeoutMs ?? 60_000,
        retryOptions: {
          autoRetry: true,
          maxRetries: this.#options.maxRetries ?? 5,
          retryDelayMultiplier: this.#options.retryDelayMultiplier ?? 2,
          maxRetryDelay: this.#options.maxRetryDelaySeconds ?? 32,
          totalTimeout: 600,
          // Every write floe makes is idempotent (a unique name, or a conditional create): retry them all.
          idempotencyStrategy: IdempotencyStrategy.RetryAlways,
        },
      };
      const token = p['gcs.oauth2.token'];
      if (token) {
        const { OAuth2Client } = await import('google-auth-library');
        const client = new OAuth2Client();
        const expires = Number(p['gcs.oauth2.token-expires-at']);
        client.setCredentials({ access_token: token, ...(Number.isFinite(expires) ? { expiry_date: expires } : {}) });
        options.authClient = client;
      } else if (this.#key) {
        options.credentials = this.#key;
      }
      // A custom endpoint means an emulator to the SDK (no authorization) unless credentials were configured.
      if (this.endpoint && (token || this.#key)) options.useAuthWithCustomEndpoint = true;
      return new Storage(options);
    })();
    return this.#storage;
  }

  async #bucket(name: string): Promise<Bucket> {
    const storage = await this.#client();
    const userProject = this.#properties['gcs.user-project'];
    return storage.bucket(name, userProject ? { userProject } : {});
  }

  #fail(op: string, location: string, error: unknown): never {
    const e = error as {
      code?: unknown;
      message?: unknown;
      response?: { status?: unknown; data?: { error?: unknown } };
    };
    const message = this.#redact(String(e.message ?? ''))
      .split('\n')[0]!
      .slice(0, 300);
    const network = typeof e.code === 'string' ? NETWORK_FAILURE.exec(e.code) : NETWORK_FAILURE.exec(message);
    if (network) {
      throw new IcebergError('ServiceUnavailable', `cannot ${op} ${location}: ${network[0]}: ${message}`, {
        context: { location },
      });
    }
    // The token endpoint refused the service account key, or the bearer token expired and cannot be refreshed.
    if (AUTH_FAILURE.test(`${String(e.response?.data?.error ?? '')} ${message}`)) {
      throw new IcebergError('Unauthorized', `cannot ${op} ${location}: GCS credentials refused: ${message}`, {
        context: { location },
      });
    }
    // Errors of google-auth-library and gaxios carry the HTTP status in response.status.
    const status = typeof e.code === 'number' ? e.code : e.response?.status;
    const normalized = typeof status === 'number' ? { name: 'GcsError', message, code: status } : error;
    throw objectStoreError(op, location, normalized, this.#redact);
  }

  async read(location: string): Promise<Uint8Array> {
    const { bucket, key } = parseGcsLocation(location);
    const b = await this.#bucket(bucket);
    try {
      const [data] = await b.file(key).download();
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
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
    const { bucket, key } = parseGcsLocation(location);
    const b = await this.#bucket(bucket);
    const body =
      typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const resumable = body.byteLength >= RESUMABLE_THRESHOLD;
    try {
      // An object appears only when its upload completes (single request or the resumable session's last chunk):
      // readers never see part of it. ifGenerationMatch: 0 makes the create conditional on no live object.
      await b.file(key).save(body, {
        resumable,
        ...(resumable ? { chunkSize: CHUNK_SIZE } : {}),
        contentType: 'application/octet-stream',
        ...(ifAbsent ? { preconditionOpts: { ifGenerationMatch: 0 } } : {}),
      });
      return true;
    } catch (error) {
      // 412: the object exists. A retried create whose first attempt had succeeded also ends here (the SDK cannot
      // tell); floe writes unique names, so a lost race and a lost response are both "not written by this call".
      if (ifAbsent && statusOf(error) === 412) return false;
      this.#fail('write', location, error);
    }
  }

  exists(location: string): Promise<boolean> {
    return existsBySize(this, location);
  }

  async size(location: string): Promise<number> {
    const { bucket, key } = parseGcsLocation(location);
    const b = await this.#bucket(bucket);
    try {
      const [metadata] = await b.file(key).getMetadata();
      return Number(metadata.size ?? 0);
    } catch (error) {
      this.#fail('stat', location, error);
    }
  }

  async delete(location: string): Promise<void> {
    const { bucket, key } = parseGcsLocation(location);
    const b = await this.#bucket(bucket);
    try {
      await b.file(key).delete({ ignoreNotFound: true });
    } catch (error) {
      if (statusOf(error) === 404) return;
      this.#fail('delete', location, error);
    }
  }

  async list(prefix: string): Promise<FileInfo[]> {
    const { bucket, key } = parseGcsLocation(prefix);
    const scheme = prefix.slice(0, prefix.indexOf('://'));
    const b = await this.#bucket(bucket);
    const out: FileInfo[] = [];
    try {
      let query: { prefix: string; autoPaginate: false; maxResults: number; pageToken?: string } | undefined = {
        prefix: key,
        autoPaginate: false,
        maxResults: 1000,
      };
      while (query) {
        const [files, next] = (await b.getFiles(query)) as unknown as [
          Array<{ name: string; metadata: { size?: string | number; updated?: string } }>,
          { pageToken?: string } | null,
        ];
        for (const f of files) {
          out.push({
            location: `${scheme}://${bucket}/${f.name}`,
            size: Number(f.metadata.size ?? 0),
            modifiedMs: f.metadata.updated ? Date.parse(f.metadata.updated) : 0,
          });
        }
        query = next?.pageToken ? { ...query, pageToken: next.pageToken } : undefined;
      }
    } catch (error) {
      if (statusOf(error) === 404) return out;
      this.#fail('list', prefix, error);
    }
    return out;
  }

  localPath(): undefined {
    return undefined;
  }

  /** DuckDB's httpfs reads `gcs://bucket/key` (it also accepts `gs://`). */
  duckdbPath(location: string): string {
    const { bucket, key } = parseGcsLocation(location);
    return `gcs://${bucket}/${key}`;
  }

  /**
   * A DuckDB `gcs` secret scoped to the bucket. DuckDB's httpfs speaks GCS's XML API (the S3-compatible one): it
   * signs with HMAC keys (`gcs.hmac-access-key-id`, `gcs.hmac-secret` → KEY_ID, SECRET) or sends a bearer token
   * (BEARER_TOKEN). It cannot read a service account key nor find application default credentials itself, so for
   * those floe hands it a current access token from google-auth-library (an hour's worth; the secret is replaced when
   * the token changes). `gcs.service.host` becomes ENDPOINT with path-style URLs.
   *
   * Against fake-gcs-server v1.56.1 (verified in gcs.test.ts, DuckDB 1.5.5 httpfs): DuckDB reads Parquet at
   * `gcs://bucket/key` (HEAD, ranged GETs on the XML path `/bucket/key`) and globs (XML ListObjectsV2), with no
   * credentials, with BEARER_TOKEN and with HMAC keys alike (the emulator checks none). It cannot write there: DuckDB
   * uploads with an XML-API `PUT /bucket/key`, which fake-gcs-server routes to its JSON upload handler and answers
   * 400 "invalid uploadType". Real GCS accepts those PUTs (and XML multipart uploads); that is not testable offline.
   * The scope is `gcs://bucket`: DuckDB's `gs://` paths do not match it (duckdbPath always answers `gcs://`).
   */
  async duckdbAccess(location: string): Promise<DuckDBStorageAccess> {
    const { bucket } = parseGcsLocation(location);
    const p = this.#properties;
    const endpoint = this.endpoint ? new URL(this.endpoint) : undefined;
    const endpointParams: Record<string, string | boolean> = endpoint
      ? {
          ENDPOINT: endpoint.host + endpoint.pathname.replace(/\/+$/, ''),
          USE_SSL: endpoint.protocol === 'https:',
          URL_STYLE: 'path',
        }
      : {};
    const scope = `gcs://${bucket}`;
    const hmacId = p['gcs.hmac-access-key-id'];
    const hmacSecret = p['gcs.hmac-secret'];
    if (hmacId && hmacSecret) {
      return {
        extension: 'httpfs',
        secret: { type: 'gcs', scope, params: { KEY_ID: hmacId, SECRET: hmacSecret, ...endpointParams } },
      };
    }
    const token = await this.#accessToken(location);
    if (token) {
      return {
        extension: 'httpfs',
        secret: { type: 'gcs', scope, params: { BEARER_TOKEN: token, ...endpointParams } },
      };
    }
    // No credentials: an emulator (only the endpoint), or public objects.
    return endpoint
      ? { extension: 'httpfs', secret: { type: 'gcs', scope, params: endpointParams } }
      : { extension: 'httpfs' };
  }

  /** The current access token: the configured one, else one from the service account key or ADC (none for emulators). */
  async #accessToken(location: string): Promise<string | undefined> {
    const p = this.#properties;
    if (p['gcs.oauth2.token']) return p['gcs.oauth2.token'];
    if (this.endpoint && !this.#key) return undefined;
    this.#tokenSource ??= import('google-auth-library').then(
      ({ GoogleAuth }) =>
        new GoogleAuth({
          scopes: [READ_WRITE_SCOPE],
          ...(this.#key ? { credentials: this.#key } : {}),
          ...(this.projectId ? { projectId: this.projectId } : {}),
        }),
    );
    try {
      return (await (await this.#tokenSource).getAccessToken()) ?? undefined;
    } catch (error) {
      if (this.#key) this.#fail('get an access token for DuckDB to read', location, error);
      return undefined; // no application default credentials: DuckDB tries anonymous access (public buckets)
    }
  }
}
