import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AzuriteServer, accountSas, startAzurite } from '../../../../testing/fixtures/azure/azurite.js';
import { isIcebergError } from '../errors.js';
import { AzureFileIO, parseAzureLocation } from './azure.js';
import { fileIOFor } from './registry.js';
import { duckdbStorageSuite, fileIOConformanceSuite } from './testing/conformance.js';
import { type RecordingProxy, startRecordingProxy } from './testing/proxy.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
// Azurite is an npm dependency; only a checkout without node_modules/azurite skips, never CI.
const available = existsSync(join(ROOT, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js'));

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

async function withDuckDB(
  fn: (
    connection: import('@duckdb/node-api').DuckDBConnection,
    prepare: (io: AzureFileIO, location: string) => Promise<void>,
  ) => Promise<void>,
): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const { prepareDuckDBStorage } = await import('../duckdb/storage.js');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await fn(connection, (io, location) => prepareDuckDBStorage(connection, io, location));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe.skipIf(!available && process.env.CI !== 'true')('AzureFileIO against Azurite', () => {
  let az: AzuriteServer;
  let io: AzureFileIO;
  const container = 'lake';
  const abfss = (key: string) => `abfss://${container}@${az.account}.dfs.core.windows.net/${key}`;
  const properties = () => ({ 'adls.endpoint': az.endpoint, 'adls.account-key': az.key });
  beforeAll(async () => {
    if (!available) throw new Error('azurite is not installed (node_modules/azurite): run `make setup`');
    az = await startAzurite();
    await az.createContainer(container);
    io = new AzureFileIO(properties());
  });
  afterAll(async () => {
    await az?.stop();
  });

  fileIOConformanceSuite('azure (Azurite, shared key, abfss://)', {
    io: () => io,
    root: () => abfss('conformance'),
    secrets: () => [az.key],
    wrongCredentials: () => {
      const secret = randomBytes(64).toString('base64');
      return { io: new AzureFileIO({ ...properties(), 'adls.account-key': secret }), secret };
    },
    // Staged blocks committed by one Put Block List.
    uploadedInParts: async (location) => {
      const { BlobServiceClient, StorageSharedKeyCredential } = await import('@azure/storage-blob');
      const client = new BlobServiceClient(az.endpoint, new StorageSharedKeyCredential(az.account, az.key));
      const blocks = await client
        .getContainerClient(container)
        .getBlockBlobClient(parseAzureLocation(location).key)
        .getBlockList('committed');
      return (blocks.committedBlocks?.length ?? 0) > 1;
    },
  });

  duckdbStorageSuite('azure (Azurite, shared key)', { io: () => io, root: () => abfss('duckdb') });

  duckdbStorageSuite('azure (Azurite, SAS token in the connection string, az://)', {
    io: () =>
      new AzureFileIO({
        'adls.endpoint': az.endpoint,
        'adls.account-name': az.account,
        'adls.sas-token': accountSas(az.account, az.key, 'racwdl'),
      }),
    root: () => `az://${container}/duckdb-sas`,
  });

  it('abfss://, wasbs:// and az:// name the same blob', async () => {
    const key = `schemes/${randomUUID()}.json`;
    await io.write(abfss(key), '{"a":1}');
    const named = new AzureFileIO({ ...properties(), 'adls.account-name': az.account });
    expect(new TextDecoder().decode(await named.read(`az://${container}/${key}`))).toBe('{"a":1}');
    expect(await io.size(`wasbs://${container}@${az.account}.blob.core.windows.net/${key}`)).toBe(7);
    expect(await named.exists(`az://${az.account}.blob.core.windows.net/${container}/${key}`)).toBe(true);
    expect(io.duckdbPath(abfss(key))).toBe(`az://${az.account}.blob.core.windows.net/${container}/${key}`);
  });

  it('a connection string alone is enough (account, key and endpoint)', async () => {
    const cs = `DefaultEndpointsProtocol=http;AccountName=${az.account};AccountKey=${az.key};BlobEndpoint=${az.endpoint};`;
    const viaCs = new AzureFileIO({ 'adls.connection-string': cs });
    const loc = `az://${container}/cs/${randomUUID()}`;
    await viaCs.write(loc, 'cs');
    expect(new TextDecoder().decode(await io.read(abfss(parseAzureLocation(loc).key)))).toBe('cs');
    const access = await viaCs.duckdbAccess(loc);
    expect(access).toEqual({
      extension: 'azure',
      secret: {
        type: 'azure',
        scope: `az://${az.account}.blob.core.windows.net/${container}`,
        params: { CONNECTION_STRING: cs },
      },
    });
  });

  it('a read-only SAS reads and lists but cannot write (Forbidden); the SAS is not in the error', async () => {
    const key = `sas/${randomUUID()}`;
    await io.write(abfss(key), 'shared');
    const reader = new AzureFileIO({ 'adls.endpoint': az.endpoint, 'adls.sas-token': `?${az.readOnlySas}` });
    expect(new TextDecoder().decode(await reader.read(abfss(key)))).toBe('shared');
    expect((await reader.list(abfss('sas/'))).map((f) => f.location)).toContain(abfss(key));
    const error = await failure(reader.write(abfss(`${key}.2`), 'x'));
    expect(isIcebergError(error) && error.kind).toBe('Forbidden');
    const sig = new URLSearchParams(az.readOnlySas).get('sig')!;
    expect((error as Error).message).not.toContain(sig);
    expect((error as Error).message).not.toContain(encodeURIComponent(sig));
    // Per-account SAS tokens as REST catalogs vend them.
    const vended = new AzureFileIO({
      'adls.endpoint': az.endpoint,
      [`adls.sas-token.${az.account}.dfs.core.windows.net`]: az.readOnlySas,
    });
    expect(await vended.size(abfss(key))).toBe(6);
  });

  it('retries 503 and 500 with backoff', async () => {
    const proxy: RecordingProxy = await startRecordingProxy(new URL(az.endpoint).origin);
    try {
      const through = new AzureFileIO(
        { 'adls.endpoint': `${proxy.url}/${az.account}`, 'adls.account-key': az.key },
        { retryDelayMs: 50, maxRetryDelayMs: 200 },
      );
      const loc = abfss(`retry/${randomUUID()}`);
      proxy.failNext(2, 503);
      await through.write(loc, 'survives');
      proxy.failNext(1, 500);
      expect(new TextDecoder().decode(await through.read(loc))).toBe('survives');
      expect(proxy.requests.map((r) => [r.method, r.status])).toEqual([
        ['PUT', 503],
        ['PUT', 503],
        ['PUT', 201],
        ['GET', 500],
        ['GET', 200],
      ]);
      proxy.failNext(10, 503);
      const spent = new AzureFileIO(
        { 'adls.endpoint': `${proxy.url}/${az.account}`, 'adls.account-key': az.key },
        { maxTries: 2, retryDelayMs: 10, maxRetryDelayMs: 10 },
      );
      const error = await failure(spent.read(loc));
      expect(isIcebergError(error) && error.kind).toBe('ServiceUnavailable');
      expect((error as Error).message).not.toContain(az.key);
    } finally {
      await proxy.stop();
    }
  });

  it('anonymous access over http (a public container on the emulator), for the FileIO and DuckDB', async () => {
    const { BlobServiceClient, StorageSharedKeyCredential } = await import('@azure/storage-blob');
    const admin = new BlobServiceClient(az.endpoint, new StorageSharedKeyCredential(az.account, az.key));
    await admin.getContainerClient('public').create({ access: 'container' });
    const loc = `abfss://public@${az.account}.dfs.core.windows.net/p/${randomUUID()}.csv`;
    await io.write(loc, 'id\n40\n2\n');
    const anonymous = new AzureFileIO({ 'adls.endpoint': az.endpoint });
    expect(new TextDecoder().decode(await anonymous.read(loc))).toBe('id\n40\n2\n');
    const denied = await failure(anonymous.write(loc, 'x'));
    expect(isIcebergError(denied) && denied.kind).toBe('Forbidden'); // anonymous writes: 403 AuthorizationFailure
    await withDuckDB(async (connection, prepare) => {
      await prepare(anonymous, loc);
      const rows = await connection.runAndReadAll(
        `SELECT sum(id)::INTEGER FROM read_csv('${anonymous.duckdbPath(loc)}')`,
      );
      expect(rows.getRows()).toEqual([[42]]);
    });
  });

  it("DuckDB's abfss:// cannot reach Azurite: it connects to <account>.blob.core.windows.net whatever the secret says", async () => {
    const loc = abfss(`abfss/${randomUUID()}.csv`);
    await io.write(loc, 'id\n1\n');
    await withDuckDB(async (connection, prepare) => {
      await prepare(io, loc);
      const cs = String((await io.duckdbAccess(loc)).secret!.params.CONNECTION_STRING).replace(/'/g, "''");
      await connection.run(
        `CREATE SECRET abfss_probe (TYPE azure, SCOPE 'abfss://${container}@${az.account}.dfs.core.windows.net', CONNECTION_STRING '${cs}')`,
      );
      const error = await failure(connection.runAndReadAll(`SELECT * FROM read_csv('${loc}')`));
      expect(String(error)).toMatch(/blob\.core\.windows\.net/);
    });
  });

  it('an unreachable account is ServiceUnavailable, never NotFound', async () => {
    const nowhere = new AzureFileIO({ 'adls.account-key': az.key }, { maxTries: 1 });
    const error = await failure(nowhere.exists('abfss://lake@floe-no-such-account-x.dfs.core.invalid/k'));
    expect(isIcebergError(error) && error.kind).toBe('ServiceUnavailable');
  });
});

describe('AzureFileIO without a server', () => {
  it('serves abfss://, abfs://, wasbs://, wasb:// and az://', () => {
    for (const loc of [
      'abfss://c@a.dfs.core.windows.net/k',
      'abfs://c@a.dfs.core.windows.net/k',
      'wasbs://c@a.blob.core.windows.net/k',
      'wasb://c@a.blob.core.windows.net/k',
      'az://c/k',
    ]) {
      expect(fileIOFor(loc)).toBeInstanceOf(AzureFileIO);
    }
  });

  it('parses the account, container and key of every form', () => {
    expect(parseAzureLocation('abfss://lake@acct.dfs.core.windows.net/a/b c')).toEqual({
      scheme: 'abfss',
      container: 'lake',
      account: 'acct',
      suffix: 'core.windows.net',
      key: 'a/b c',
    });
    expect(parseAzureLocation('wasbs://lake@acct.blob.core.chinacloudapi.cn/k')).toMatchObject({
      account: 'acct',
      suffix: 'core.chinacloudapi.cn',
    });
    expect(parseAzureLocation('az://lake/a/b')).toMatchObject({ container: 'lake', account: undefined, key: 'a/b' });
    expect(parseAzureLocation('az://acct.blob.core.windows.net/lake/a/b')).toMatchObject({
      container: 'lake',
      account: 'acct',
      key: 'a/b',
    });
    expect(() => new AzureFileIO({}).duckdbPath('az://lake/k')).toThrow(/adls.account-name/);
  });

  it('gives DuckDB a service principal or its own credential chain when floe holds no keys', async () => {
    const loc = 'abfss://lake@acct.dfs.core.windows.net/t/f.parquet';
    const sp = new AzureFileIO({ 'adls.tenant-id': 't', 'adls.client-id': 'c', 'adls.client-secret': 's3cr3t-value' });
    expect(await sp.duckdbAccess(loc)).toEqual({
      extension: 'azure',
      secret: {
        type: 'azure',
        scope: 'az://acct.blob.core.windows.net/lake',
        params: {
          PROVIDER: 'service_principal',
          TENANT_ID: 't',
          CLIENT_ID: 'c',
          CLIENT_SECRET: 's3cr3t-value',
          ACCOUNT_NAME: 'acct',
        },
      },
    });
    expect((await new AzureFileIO({}).duckdbAccess(loc)).secret?.params).toEqual({
      PROVIDER: 'credential_chain',
      ACCOUNT_NAME: 'acct',
    });
    const withCredential = new AzureFileIO(
      {},
      { credential: { getToken: async () => ({ token: 'aad-token', expiresOnTimestamp: Date.now() + 3600_000 }) } },
    );
    expect((await withCredential.duckdbAccess(loc)).secret?.params).toEqual({
      PROVIDER: 'access_token',
      ACCESS_TOKEN: 'aad-token',
      ACCOUNT_NAME: 'acct',
    });
  });
});
