import type { TokenCredential } from '@azure/identity';
import type { BlobServiceClient, ContainerClient, StoragePipelineOptions } from '@azure/storage-blob';
import { IcebergError } from '../errors.js';
import type { DuckDBStorageAccess, FileInfo, FileIO, StorageProperties } from './file-io.js';
import { existsBySize, objectStoreError, redactor } from './object-store.js';

/** Files above this size go up as staged blocks committed at the end (a block list commit: all or nothing). */
const SINGLE_SHOT_MAX = 8 * 1024 * 1024;
const BLOCK_SIZE = 8 * 1024 * 1024;
const DEFAULT_SUFFIX = 'core.windows.net';
const STORAGE_SCOPE = 'https://storage.azure.com/.default';
/** Connection failures: the account is unreachable (never "not found", even for ENOTFOUND of a DNS lookup). */
const NETWORK_FAILURE =
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH)\b|socket hang up/;

export interface AzureFileIOOptions {
  /** Attempts per request, first included (default 5): throttling (429, 503), 5xx and connection resets are retried. */
  maxTries?: number;
  /** Milliseconds one attempt may take (default 120 000). */
  tryTimeoutMs?: number;
  /** First retry delay in milliseconds, doubled per retry (default 500), capped at `maxRetryDelayMs` (30 000). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** A credential of the caller's (managed identity, workload identity, ...); wins over the properties' keys. */
  credential?: TokenCredential;
}

export interface AzureLocation {
  scheme: string;
  container: string;
  /** The storage account, when the location names it (`container@account.dfs.core.windows.net`). */
  account: string | undefined;
  /** The DNS suffix after `<account>.dfs.`/`<account>.blob.` (`core.windows.net`). */
  suffix: string | undefined;
  key: string;
}

/**
 * `abfss://container@account.dfs.core.windows.net/key`, `abfs://...`, `wasbs://container@account.blob.core.windows.net/key`,
 * `wasb://...`, `az://container/key` → container, account and key.
 */
export function parseAzureLocation(location: string): AzureLocation {
  const m = /^(abfss?|wasbs?|az):\/\/([^/]+)\/?(.*)$/i.exec(location);
  if (!m) throw new IcebergError('DataInvalid', `not an Azure location: ${location}`, { context: { location } });
  const scheme = m[1]!.toLowerCase();
  const authority = m[2]!;
  const key = m[3]!;
  const at = authority.indexOf('@');
  if (at < 0) {
    // az://container/key (account from the properties) or az://account.blob.core.windows.net/container/key (DuckDB's)
    const host = /^([a-z0-9]+)\.(?:blob|dfs)\.(.+)$/i.exec(authority);
    if (scheme === 'az' && host) {
      const slash = key.indexOf('/');
      return {
        scheme,
        container: slash < 0 ? key : key.slice(0, slash),
        account: host[1]!,
        suffix: host[2]!,
        key: slash < 0 ? '' : key.slice(slash + 1),
      };
    }
    return { scheme, container: authority, account: undefined, suffix: undefined, key };
  }
  const container = authority.slice(0, at);
  const host = authority.slice(at + 1);
  const parts = /^([^.]+)(?:\.(?:dfs|blob)\.(.+))?$/i.exec(host);
  return { scheme, container, account: parts?.[1] ?? host, suffix: parts?.[2], key };
}

/** `Key=Value;...` of a connection string. */
function connectionStringFields(cs: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (cs ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  return out;
}

/**
 * Azure Blob Storage and ADLS Gen2 through `@azure/storage-blob` (and `@azure/identity`), both loaded on first use.
 * Every location goes through the Blob API, also `abfss://` (ADLS Gen2 accounts serve it too, and Azurite has no dfs
 * endpoint). Credentials, first match wins: `adls.connection-string`; a SAS token (`adls.sas-token`, or per account
 * `adls.sas-token.<account>[.dfs.core.windows.net]` as REST catalogs vend it); `adls.account-key` (Shared Key);
 * `adls.tenant-id` + `adls.client-id` + `adls.client-secret` (a service principal); else `DefaultAzureCredential`
 * (environment, workload identity, managed identity, Azure CLI). `adls.account-name` names the account of `az://`
 * locations; `adls.endpoint` (floe's) overrides the blob endpoint, e.g. Azurite's `http://127.0.0.1:10000/account`
 * (over plain http without keys requests are anonymous: the SDK never sends a bearer token without TLS).
 * The SDK retries throttling, 5xx, timeouts and connection resets with exponential backoff. Files above 8 MiB go up as
 * 8 MiB blocks, 4 at a time, and appear only when the block list is committed.
 */
export class AzureFileIO implements FileIO {
  readonly #properties: StorageProperties;
  readonly #options: AzureFileIOOptions;
  readonly #redact: (text: string) => string;
  readonly #clients = new Map<string, Promise<BlobServiceClient>>();

  constructor(properties: StorageProperties, options: AzureFileIOOptions = {}) {
    this.#properties = properties;
    this.#options = options;
    const sasValues = Object.entries(properties)
      .filter(([k]) => k === 'adls.sas-token' || k.startsWith('adls.sas-token.'))
      .map(([, v]) => v);
    const cs = connectionStringFields(properties['adls.connection-string']);
    const sigs = [...sasValues, cs.sharedaccesssignature ?? ''].flatMap((sas) => {
      const sig = new URLSearchParams(sas.replace(/^\?/, '')).get('sig');
      return sig ? [sig, encodeURIComponent(sig)] : [];
    });
    this.#redact = redactor([
      properties['adls.account-key'],
      properties['adls.client-secret'],
      properties['adls.connection-string'],
      cs.accountkey,
      cs.sharedaccesssignature,
      ...sasValues,
      ...sigs,
    ]);
  }

  /** The account a location lives in: named by the location, else `adls.account-name`, the endpoint or the connection string. */
  accountOf(location: AzureLocation): string {
    const p = this.#properties;
    const endpoint = p['adls.endpoint'];
    const account =
      location.account ??
      p['adls.account-name'] ??
      connectionStringFields(p['adls.connection-string']).accountname ??
      (endpoint ? new URL(endpoint).pathname.split('/').filter(Boolean).pop() : undefined);
    if (!account) {
      throw new IcebergError(
        'DataInvalid',
        `no storage account for ${location.scheme}://${location.container}/...: set adls.account-name or use abfss://container@account.dfs.core.windows.net/`,
        { context: { container: location.container } },
      );
    }
    return account;
  }

  #sasToken(account: string, suffix: string): string | undefined {
    const p = this.#properties;
    const sas =
      p[`adls.sas-token.${account}.dfs.${suffix}`] ??
      p[`adls.sas-token.${account}.blob.${suffix}`] ??
      p[`adls.sas-token.${account}`] ??
      p['adls.sas-token'];
    return sas?.replace(/^\?/, '');
  }

  /** The blob service URL of an account: `adls.endpoint`, else `https://<account>.blob.<suffix>`. */
  #serviceUrl(account: string, suffix: string): string {
    return this.#properties['adls.endpoint']?.replace(/\/+$/, '') ?? `https://${account}.blob.${suffix}`;
  }

  async #container(location: string): Promise<{ container: ContainerClient; parsed: AzureLocation }> {
    const parsed = parseAzureLocation(location);
    const account = this.accountOf(parsed);
    const suffix = parsed.suffix ?? DEFAULT_SUFFIX;
    const id = `${account}\u0000${suffix}`;
    let client = this.#clients.get(id);
    if (!client) {
      client = this.#connect(account, suffix);
      this.#clients.set(id, client);
      client.catch(() => this.#clients.delete(id));
    }
    return { container: (await client).getContainerClient(parsed.container), parsed };
  }

  async #connect(account: string, suffix: string): Promise<BlobServiceClient> {
    const sdk = await import('@azure/storage-blob');
    const p = this.#properties;
    const pipeline: StoragePipelineOptions = {
      retryOptions: {
        retryPolicyType: sdk.StorageRetryPolicyType.EXPONENTIAL,
        maxTries: this.#options.maxTries ?? 5,
        tryTimeoutInMs: this.#options.tryTimeoutMs ?? 120_000,
        retryDelayInMs: this.#options.retryDelayMs ?? 500,
        maxRetryDelayInMs: this.#options.maxRetryDelayMs ?? 30_000,
      },
    };
    if (this.#options.credential) {
      return new sdk.BlobServiceClient(this.#serviceUrl(account, suffix), this.#options.credential, pipeline);
    }
    const cs = p['adls.connection-string'];
    if (cs) return sdk.BlobServiceClient.fromConnectionString(cs, pipeline);
    const url = this.#serviceUrl(account, suffix);
    const sas = this.#sasToken(account, suffix);
    if (sas) return new sdk.BlobServiceClient(`${url}?${sas}`, new sdk.AnonymousCredential(), pipeline);
    const key = p['adls.account-key'];
    if (key) return new sdk.BlobServiceClient(url, new sdk.StorageSharedKeyCredential(account, key), pipeline);
    const tenant = p['adls.tenant-id'];
    const clientId = p['adls.client-id'];
    const secret = p['adls.client-secret'];
    if (tenant && clientId && secret) {
      const { ClientSecretCredential } = await import('@azure/identity');
      return new sdk.BlobServiceClient(url, new ClientSecretCredential(tenant, clientId, secret), pipeline);
    }
    // The SDK refuses bearer tokens over plain http: an http endpoint without keys is an emulator's anonymous access.
    if (url.startsWith('http:')) return new sdk.BlobServiceClient(url, new sdk.AnonymousCredential(), pipeline);
    const { DefaultAzureCredential } = await import('@azure/identity');
    return new sdk.BlobServiceClient(url, new DefaultAzureCredential(), pipeline);
  }

  #fail(op: string, location: string, error: unknown): never {
    const e = error as { name?: unknown; code?: unknown; message?: unknown; statusCode?: unknown };
    const message = this.#redact(String(e.message ?? ''))
      .split('\n')[0]!
      .slice(0, 300);
    const network =
      e.statusCode === undefined &&
      (NETWORK_FAILURE.exec(String(e.code ?? '')) ??
        NETWORK_FAILURE.exec(message) ??
        /REQUEST_SEND_ERROR/.exec(String(e.code)));
    if (network) {
      throw new IcebergError('ServiceUnavailable', `cannot ${op} ${location}: ${network[0]}: ${message}`, {
        context: { location },
      });
    }
    // @azure/identity: no credential in the chain, or Azure AD refused the service principal.
    if (
      e.name === 'CredentialUnavailableError' ||
      e.name === 'AuthenticationError' ||
      e.name === 'AggregateAuthenticationError'
    ) {
      throw new IcebergError('Unauthorized', `cannot ${op} ${location}: Azure credentials: ${message}`, {
        context: { location },
      });
    }
    throw objectStoreError(op, location, error, this.#redact);
  }

  async read(location: string): Promise<Uint8Array> {
    const { container, parsed } = await this.#container(location);
    try {
      const response = await container.getBlobClient(parsed.key).download(0, undefined, { maxRetryRequests: 5 });
      const chunks: Buffer[] = [];
      for await (const chunk of response.readableStreamBody ?? []) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
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
    const { container, parsed } = await this.#container(location);
    const body =
      typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    try {
      // If-None-Match: * on the Put Blob or on the Put Block List that commits the staged blocks: the blob is
      // created only if none exists, and it becomes visible as a whole.
      await container.getBlockBlobClient(parsed.key).uploadData(body, {
        maxSingleShotSize: SINGLE_SHOT_MAX,
        blockSize: BLOCK_SIZE,
        concurrency: 4,
        blobHTTPHeaders: { blobContentType: 'application/octet-stream' },
        ...(ifAbsent ? { conditions: { ifNoneMatch: '*' } } : {}),
      });
      return true;
    } catch (error) {
      const e = error as { statusCode?: number; code?: string };
      if (
        ifAbsent &&
        (e.statusCode === 409 || e.statusCode === 412) &&
        /BlobAlreadyExists|ConditionNotMet/.test(String(e.code))
      )
        return false;
      this.#fail('write', location, error);
    }
  }

  exists(location: string): Promise<boolean> {
    return existsBySize(this, location);
  }

  async size(location: string): Promise<number> {
    const { container, parsed } = await this.#container(location);
    try {
      return (await container.getBlobClient(parsed.key).getProperties()).contentLength ?? 0;
    } catch (error) {
      this.#fail('stat', location, error);
    }
  }

  async delete(location: string): Promise<void> {
    const { container, parsed } = await this.#container(location);
    try {
      await container.getBlobClient(parsed.key).deleteIfExists();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return;
      this.#fail('delete', location, error);
    }
  }

  async list(prefix: string): Promise<FileInfo[]> {
    const { container, parsed } = await this.#container(prefix);
    const base = prefix.slice(0, prefix.length - parsed.key.length);
    const out: FileInfo[] = [];
    try {
      for await (const blob of container.listBlobsFlat({ prefix: parsed.key })) {
        out.push({
          location: `${base}${blob.name}`,
          size: blob.properties.contentLength ?? 0,
          modifiedMs: blob.properties.lastModified?.getTime() ?? 0,
        });
      }
    } catch (error) {
      const e = error as { statusCode?: number; code?: string };
      if (e.statusCode === 404 && e.code === 'ContainerNotFound') return out;
      this.#fail('list', prefix, error);
    }
    return out;
  }

  localPath(): undefined {
    return undefined;
  }

  /**
   * `az://<account>.blob.<suffix>/<container>/<key>`: DuckDB's azure extension reads and writes that form through the
   * Blob API, and the account in the path keeps two accounts' containers of the same name apart. (DuckDB's `abfss://`
   * goes to the account's own host and ignores an endpoint override, so it cannot reach Azurite.)
   */
  duckdbPath(location: string): string {
    const parsed = parseAzureLocation(location);
    const account = this.accountOf(parsed);
    return `az://${account}.blob.${parsed.suffix ?? DEFAULT_SUFFIX}/${parsed.container}/${parsed.key}`;
  }

  /**
   * A DuckDB `azure` secret scoped to the container (the `duckdbPath` form): a connection string with the blob
   * endpoint and the account key or SAS token (also for emulators), a service principal, a current access token of the
   * caller's credential, or DuckDB's own credential chain (environment, managed identity, Azure CLI) when floe has no
   * keys.
   *
   * Against Azurite (verified in azure.test.ts, DuckDB 1.5.5 azure extension): with CONNECTION_STRING DuckDB reads,
   * globs and writes Parquet (COPY TO stages blocks and commits the block list) at `az://container/key` and at
   * `az://<account>.blob.core.windows.net/container/key` (the connection string's BlobEndpoint wins over the host in
   * the path); a read-only SAS reads and fails writes with AuthorizationPermissionMismatch; a wrong key fails with
   * AuthorizationFailure. It cannot use `abfss://` there (DuckDB connects to <account>.blob.core.windows.net whatever
   * the secret says), and service principals / the credential chain need Azure AD, which Azurite does not have.
   */
  async duckdbAccess(location: string): Promise<DuckDBStorageAccess> {
    const parsed = parseAzureLocation(location);
    const account = this.accountOf(parsed);
    const suffix = parsed.suffix ?? DEFAULT_SUFFIX;
    const scope = `az://${account}.blob.${suffix}/${parsed.container}`;
    const p = this.#properties;
    const secret = (params: Record<string, string>): DuckDBStorageAccess => ({
      extension: 'azure',
      secret: { type: 'azure', scope, params },
    });
    if (this.#options.credential) {
      // The caller's credential: hand DuckDB a current token (the secret is replaced when the token changes).
      const token = await this.#options.credential.getToken(STORAGE_SCOPE).catch((error: unknown) => {
        this.#fail('authenticate for', location, error);
      });
      if (!token) this.#fail('authenticate for', location, new Error('the credential returned no token'));
      return secret({ PROVIDER: 'access_token', ACCESS_TOKEN: token.token, ACCOUNT_NAME: account });
    }
    // With the account in the path (duckdbPath), DuckDB refuses a connection string without AccountName.
    const cs = p['adls.connection-string'];
    if (cs) {
      return secret({
        CONNECTION_STRING: connectionStringFields(cs).accountname ? cs : `AccountName=${account};${cs}`,
      });
    }
    const endpoint = this.#serviceUrl(account, suffix);
    const sas = this.#sasToken(account, suffix);
    if (sas) {
      return secret({
        CONNECTION_STRING: `AccountName=${account};BlobEndpoint=${endpoint};SharedAccessSignature=${sas}`,
      });
    }
    const key = p['adls.account-key'];
    if (key) {
      const protocol = endpoint.startsWith('http:') ? 'http' : 'https';
      return secret({
        CONNECTION_STRING: `DefaultEndpointsProtocol=${protocol};AccountName=${account};AccountKey=${key};BlobEndpoint=${endpoint};`,
      });
    }
    const tenant = p['adls.tenant-id'];
    const clientId = p['adls.client-id'];
    const clientSecret = p['adls.client-secret'];
    if (tenant && clientId && clientSecret) {
      return secret({
        PROVIDER: 'service_principal',
        TENANT_ID: tenant,
        CLIENT_ID: clientId,
        CLIENT_SECRET: clientSecret,
        ACCOUNT_NAME: account,
      });
    }
    if (endpoint.startsWith('http:')) {
      // Anonymous access to an emulator: a connection string with only the account and endpoint.
      return secret({ CONNECTION_STRING: `AccountName=${account};BlobEndpoint=${endpoint};` });
    }
    return secret({ PROVIDER: 'credential_chain', ACCOUNT_NAME: account });
  }
}
