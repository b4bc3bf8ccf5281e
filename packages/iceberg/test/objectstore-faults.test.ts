/**
 * Object-store and catalog faults on the real stack: Apache Iceberg's REST catalog server (S3FileIO on versitygw)
 * and versitygw itself, with floe's S3 FileIO and DuckDB's httpfs pointed at a fault-injecting proxy in front of
 * versitygw (the catalog server writes its metadata to versitygw directly). A second proxy sits in front of the
 * catalog for the lost-commit-response scenarios.
 *
 * After every scenario: every file referenced by every snapshot exists in the bucket (checked on versitygw
 * directly), the rows are exact, and removeOrphanFiles removes exactly the unreferenced leftovers of failed writes.
 *
 * DuckDB (httpfs 1.5.5) retries on its own: `http_retries` (3 retries after the first attempt), `http_retry_wait_ms`
 * (100) times `http_retry_backoff` (4) per retry, `http_timeout` (seconds) per request. Observed here: it retries
 * 5xx (SlowDown too) and resets on PUT, HEAD and GET, abandons and retries a GET slower than http_timeout but waits
 * out a slow PUT, and after giving up on a PUT it uploads the file once more when its file handle is closed (a
 * leftover nothing references). The settings are global to the process-wide DuckDB instance; the defaults suffice.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RestCatalogServer,
  restCatalogServerAvailability,
  startRestCatalogServer,
} from '../../../testing/fixtures/iceberg-rest/server.js';
import { type S3Server, s3ServerAvailable, startS3Server } from '../../../testing/fixtures/s3/versitygw.js';
import { missingTools, skipWithoutTool } from '../../../testing/fixtures/stack/availability.js';
import { type Catalog, type TableIdentifier, tableIdentifier } from '../src/catalog/catalog.js';
import { loadCatalog } from '../src/catalog/loader.js';
import { connectRestCatalog } from '../src/catalog/rest/catalog.js';
import { sharedDuckDB } from '../src/duckdb/session.js';
import { duckdbExtensionDirectory } from '../src/duckdb/storage.js';
import { quoteString } from '../src/duckdb/types.js';
import { isIcebergError } from '../src/errors.js';
import { S3FileIO } from '../src/io/s3.js';
import { type RecordedRequest, type RecordingProxy, startRecordingProxy } from '../src/io/testing/proxy.js';
import { reachableFiles } from '../src/maintenance/reachable.js';
import { readRows } from '../src/scan/duckdb.js';
import { schemaFromColumns } from '../src/spec/schema.js';
import { Table } from '../src/table.js';

const tools = [
  restCatalogServerAvailability(),
  s3ServerAvailable()
    ? ({ available: true } as const)
    : ({ available: false, reason: 'versitygw not built (.tools/bin/versitygw): run `make setup`' } as const),
];

interface RequestLike {
  method?: string | undefined;
  url?: string | undefined;
  headers: IncomingHttpHeaders;
}
const ua = (r: RequestLike) => String(r.headers['user-agent'] ?? '');
const fromDuckDB = (r: RequestLike) => ua(r).startsWith('duckdb/');
const fromSdk = (r: RequestLike) => ua(r).includes('aws-sdk-js');
const path = (r: RequestLike) => (r.url ?? '/').split('?')[0]!;
/** The `s3://bucket/key` of a path-style request. */
const locationOf = (r: RequestLike) => `s3:/${decodeURIComponent(path(r))}`;
const isDataFile = (r: RequestLike) => /\/data\/[^/]+\.parquet$/.test(path(r));
const isManifest = (r: RequestLike) => /\/metadata\/[^/]+-m\d+\.avro$/.test(path(r));
const isManifestList = (r: RequestLike) => /\/metadata\/snap-[^/]+\.avro$/.test(path(r));
const is =
  (method: string, ...tests: Array<(r: RequestLike) => boolean>) =>
  (r: RequestLike) =>
    r.method === method && tests.every((t) => t(r));
const isCommit = (table: string) => (r: RequestLike) =>
  r.method === 'POST' && new RegExp(`/namespaces/faults/tables/${table}$`).test(path(r));
const isLoad = (table: string) => (r: RequestLike) =>
  r.method === 'GET' && new RegExp(`/namespaces/faults/tables/${table}$`).test(path(r));

/**
 * Every injected fault among `requests` was followed by the same request (method, path and query) succeeding, or
 * (a delay the client waited out) succeeded itself.
 */
function expectRecovered(requests: readonly RecordedRequest[]): void {
  requests.forEach((r, i) => {
    if (!r.injected || (r.fault === 'delay' && r.status >= 200 && r.status < 300)) return;
    const retry = requests
      .slice(i + 1)
      .find((later) => later.method === r.method && later.url === r.url && later.status >= 200 && later.status < 300);
    expect(retry, `${r.method} ${r.url} (${r.fault}) was never retried successfully`).toBeDefined();
  });
}

const summary = (requests: readonly RecordedRequest[]) =>
  requests
    .filter((r) => r.injected)
    .map(
      (r) => `${fromDuckDB(r) ? 'duckdb' : 'sdk'} ${r.method} ${r.fault}${r.fault === 'status' ? ` ${r.status}` : ''}`,
    );

/** Waits until the proxy has seen no new request for 300 ms (DuckDB may still finish an upload after a failure). */
async function settle(proxy: RecordingProxy): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (let n = -1; n !== proxy.requests.length && Date.now() < deadline; ) {
    n = proxy.requests.length;
    await sleep(300);
  }
}

describe.skipIf(skipWithoutTool(...tools))('object-store faults: REST catalog + S3 (versitygw) behind a proxy', () => {
  let s3: S3Server;
  let server: RestCatalogServer;
  let s3Proxy: RecordingProxy;
  let restProxy: RecordingProxy;
  let catalog: Catalog;
  /** versitygw without the proxy: what is really in the bucket. */
  let direct: S3FileIO;
  const secrets = () => [s3.root.secretAccessKey, s3.root.accessKeyId];
  const storage = () => ({
    's3.endpoint': s3Proxy.url,
    's3.path-style-access': 'true',
    's3.region': s3.region,
    's3.access-key-id': s3.root.accessKeyId,
    's3.secret-access-key': s3.root.secretAccessKey,
  });

  /** DuckDB's httpfs settings are global to the process-wide instance floe writes and reads with. */
  async function duckdbHttp(settings: { retries?: number; waitMs?: number; backoff?: number; timeoutS?: number }) {
    const connection = await (await sharedDuckDB()).connect();
    try {
      const dir = duckdbExtensionDirectory();
      if (dir) await connection.run(`SET extension_directory = ${quoteString(dir)}`);
      await connection.run('LOAD httpfs');
      if (settings.retries !== undefined) await connection.run(`SET GLOBAL http_retries = ${settings.retries}`);
      if (settings.waitMs !== undefined) await connection.run(`SET GLOBAL http_retry_wait_ms = ${settings.waitMs}`);
      if (settings.backoff !== undefined) await connection.run(`SET GLOBAL http_retry_backoff = ${settings.backoff}`);
      if (settings.timeoutS !== undefined) await connection.run(`SET GLOBAL http_timeout = ${settings.timeoutS}`);
    } finally {
      connection.closeSync();
    }
  }

  beforeAll(async () => {
    s3 = await startS3Server();
    // SigV4 signs the Host header: the proxy forwards it unchanged.
    s3Proxy = await startRecordingProxy(s3.endpoint, undefined, { preserveHost: true });
    server = await startRestCatalogServer({
      s3: { endpoint: s3.endpoint, bucket: s3.bucket, prefix: 'lake', ...s3.root, region: s3.region },
    });
    restProxy = await startRecordingProxy(server.uri);
    catalog = await loadCatalog('floe', { type: 'rest', uri: restProxy.url, ...storage() });
    await catalog.createNamespace(['faults']);
    direct = new S3FileIO({ ...storage(), 's3.endpoint': s3.endpoint });
    // DuckDB's defaults, stated explicitly: 3 retries, 100 ms then x4 backoff, 30 s per request.
    await duckdbHttp({ retries: 3, waitMs: 100, backoff: 4, timeoutS: 30 });
  }, 120_000);

  afterAll(async () => {
    await restProxy?.stop();
    await server?.stop();
    await s3Proxy?.stop();
    await s3?.stop();
  });

  async function createTable(name: string): Promise<TableIdentifier> {
    const id = tableIdentifier(['faults'], name);
    await catalog.createTable(id, {
      schema: schemaFromColumns([
        { name: 'id', type: 'long', required: true },
        { name: 'batch', type: 'int' },
        { name: 'payload', type: 'string' },
      ]),
    });
    return id;
  }

  /** `rows` rows with ids batch*1e6 + i; the md5 payload keeps the Parquet file about 40 bytes per row. */
  const batch = (n: number, rows: number) => ({
    sql: `SELECT (${n * 1_000_000} + i)::BIGINT AS id, ${n}::INTEGER AS batch, md5(i::VARCHAR) AS payload FROM range(${rows}) t(i)`,
  });

  /**
   * The table after a scenario: snapshot count, exact rows (ids unique), every file every snapshot references exists
   * in the bucket, and removeOrphanFiles removes exactly what nothing references. Returns what it removed.
   */
  async function verify(id: TableIdentifier, expected: { snapshots: number; rows: number }): Promise<string[]> {
    await settle(s3Proxy);
    expect(s3Proxy.pendingFaults()).toBe(0);
    expect(restProxy.pendingFaults()).toBe(0);
    const table = await Table.load(catalog, id);
    expect(table.snapshots()).toHaveLength(expected.snapshots);
    expect(table.currentSnapshot()?.summary['total-records'] ?? '0').toBe(String(expected.rows));
    const reachable = await reachableFiles(direct, table.metadata, table.snapshots());
    const referenced = [...reachable.manifestLists, ...reachable.manifests, ...reachable.dataFiles];
    const missing: string[] = [];
    for (const f of referenced) if (!(await direct.exists(f))) missing.push(f);
    expect(missing).toEqual([]);
    const ids = (await readRows(table, { columns: ['id'] })).map((r) => r.id);
    expect(ids).toHaveLength(expected.rows);
    expect(new Set(ids).size).toBe(expected.rows);

    const keep = new Set([
      table.metadataLocation,
      ...table.metadata.metadataLog.map((e) => e.metadataFile),
      ...referenced,
    ]);
    const prefix = `${table.metadata.location}/`;
    const unreferenced = (await direct.list(prefix)).map((f) => f.location).filter((l) => !keep.has(l));
    // olderThan in the future: the leftovers of this very test count as old enough.
    const removed = await table.removeOrphanFiles({ olderThanMs: Date.now() + 60_000 });
    expect([...removed].sort()).toEqual(unreferenced.sort());
    expect((await direct.list(prefix)).map((f) => f.location).filter((l) => !keep.has(l))).toEqual([]);
    expect(await readRows(table, { columns: ['id'] })).toHaveLength(expected.rows);
    return removed;
  }

  it('503 SlowDown and 500 on PUT, HEAD and GET (DuckDB and the AWS SDK): appends and scans succeed after retries', async () => {
    const id = await createTable('throttled');
    let table = await Table.load(catalog, id);
    table = await table.append(batch(0, 100));

    const mark = s3Proxy.requests.length;
    s3Proxy.slowDownNext(2, is('PUT', fromDuckDB, isDataFile));
    s3Proxy.failNext(1, 500, is('HEAD', fromDuckDB, isDataFile));
    s3Proxy.failNext(2, 500, is('GET', fromDuckDB, isDataFile));
    s3Proxy.slowDownNext(2, is('PUT', fromSdk, isManifest));
    s3Proxy.failNext(1, 500, is('PUT', fromSdk, isManifestList));
    const started = Date.now();
    table = await table.append(batch(1, 100));
    const appendMs = Date.now() - started;
    expect(s3Proxy.pendingFaults()).toBe(0);
    const appendRequests = s3Proxy.requests.slice(mark);
    expect(summary(appendRequests)).toHaveLength(8);
    expectRecovered(appendRequests);

    // Reads: the SDK fetches the manifests, DuckDB the data files.
    const readMark = s3Proxy.requests.length;
    s3Proxy.slowDownNext(2, is('GET', fromSdk, isManifest));
    // DuckDB only checks its data files with HEAD here: their bytes are still in its external file cache from
    // the statistics it read after writing them.
    s3Proxy.failNext(1, 500, is('HEAD', fromDuckDB, isDataFile));
    const rows = await readRows(table, { columns: ['id'] });
    expect(rows).toHaveLength(200);
    expect(s3Proxy.pendingFaults()).toBe(0);
    expectRecovered(s3Proxy.requests.slice(readMark));
    expect(summary(s3Proxy.requests.slice(readMark))).toHaveLength(3);

    // The SDK's throttling backoff (SlowDown) is slower than its 5xx backoff; both stay within seconds.
    expect(appendMs).toBeLessThan(20_000);
    expect(await verify(id, { snapshots: 2, rows: 200 })).toEqual([]);
  });

  it('a connection reset in the middle of an upload (DuckDB data file, SDK manifest and manifest list) is retried', async () => {
    const id = await createTable('reset_retried');
    let table = await Table.load(catalog, id);
    table = await table.append(batch(0, 100));

    const mark = s3Proxy.requests.length;
    // 20 000 rows make a data file of several hundred KiB: the reset comes after the first 64 KiB of its body.
    s3Proxy.resetNext(2, 64 * 1024, is('PUT', fromDuckDB, isDataFile));
    s3Proxy.resetNext(2, 512, is('PUT', fromSdk, isManifest));
    s3Proxy.resetNext(1, 512, is('PUT', fromSdk, isManifestList));
    table = await table.append(batch(1, 20_000));
    expect(s3Proxy.pendingFaults()).toBe(0);
    const requests = s3Proxy.requests.slice(mark);
    const resets = requests.filter((r) => r.fault === 'reset');
    expect(resets).toHaveLength(5);
    for (const r of resets) {
      // Cut in the middle: fewer bytes arrived than the client announced, nothing reached versitygw.
      expect(r.forwarded).toBe(false);
      if (r.headers['content-length']) expect(r.bodyBytes).toBeLessThan(Number(r.headers['content-length']));
    }
    expectRecovered(requests);
    expect(await verify(id, { snapshots: 2, rows: 20_100 })).toEqual([]);
  });

  it('resets beyond the retry budget: the append fails cleanly and removeOrphanFiles removes what it left', async () => {
    const id = await createTable('reset_exhausted');
    let table = await Table.load(catalog, id);
    table = await table.append(batch(0, 100));

    // AWS SDK: 5 attempts (maxAttempts 5) on the manifest list, all reset. The manifest is already written.
    let mark = s3Proxy.requests.length;
    s3Proxy.resetNext(5, 512, is('PUT', fromSdk, isManifestList));
    const sdkError = await table.append(batch(1, 100)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isIcebergError(sdkError, 'ServiceUnavailable')).toBe(true);
    const listAttempts = s3Proxy.requests.slice(mark).filter(is('PUT', isManifestList));
    expect(listAttempts).toHaveLength(5);
    const listLocation = locationOf(listAttempts[0]!);
    if (isIcebergError(sdkError)) {
      expect(sdkError.context.location).toBe(listLocation);
      expect(sdkError.message).toContain(listLocation);
      expect(sdkError.message).toMatch(/ECONNRESET|socket hang up/);
      for (const secret of secrets()) expect(sdkError.message).not.toContain(secret);
    }
    // floe deleted the data file it wrote for the failed commit, and the manifest uploaded beside the failed list.
    const written = s3Proxy.requests.slice(mark);
    const dataFile = written.find(is('PUT', fromDuckDB, isDataFile))!;
    expect(written.some((r) => r.method === 'DELETE' && path(r) === path(dataFile))).toBe(true);
    const manifest = written.find(is('PUT', fromSdk, isManifest))!;
    expect(manifest.status).toBe(200);
    expect(written.some((r) => r.method === 'DELETE' && path(r) === path(manifest))).toBe(true);

    // DuckDB: 4 attempts (http_retries 3) on the data file, all reset.
    await settle(s3Proxy);
    mark = s3Proxy.requests.length;
    s3Proxy.resetNext(4, 64 * 1024, is('PUT', fromDuckDB, isDataFile));
    const duckError = await table.append(batch(2, 20_000)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(duckError).toBeInstanceOf(Error);
    const dataAttempts = s3Proxy.requests.slice(mark).filter(is('PUT', fromDuckDB, isDataFile));
    expect(dataAttempts.filter((r) => r.fault === 'reset')).toHaveLength(4);
    const message = String((duckError as Error).message);
    // DuckDB names the object it could not write; no credential appears.
    expect(message).toContain(path(dataAttempts[0]!));
    for (const secret of secrets()) expect(message).not.toContain(secret);

    table = await table.refresh();
    expect(table.snapshots()).toHaveLength(1);
    table = await table.append(batch(3, 100));
    const removed = await verify(id, { snapshots: 2, rows: 200 });
    // At most what DuckDB finished writing after giving up (its file handle retries the upload once more when it
    // is closed); the failed SDK attempt left nothing.
    expect(removed.every((l) => l === locationOf(dataAttempts[0]!))).toBe(true);
  });

  it('a data-file upload DuckDB gives up on surfaces as an IcebergError with kind and location', async () => {
    const id = await createTable('reset_kind');
    const table = await Table.load(catalog, id);
    s3Proxy.resetNext(4, 0, is('PUT', fromDuckDB, isDataFile));
    const error = await table.append(batch(0, 100)).then(
      () => undefined,
      (e: unknown) => e,
    );
    await settle(s3Proxy);
    expect(s3Proxy.pendingFaults()).toBe(0);
    expect(isIcebergError(error, 'ServiceUnavailable')).toBe(true);
    expect(isIcebergError(error) && error.context.location).toMatch(/^s3:\/\/.*\.parquet$/);
  });

  it('responses slower than requestTimeoutMs: the AWS SDK abandons and retries them, DuckDB too (http_timeout)', async () => {
    const id = await createTable('slow');
    // A client whose S3 requests may wait 500 ms for an answer.
    const slowIo = new S3FileIO(storage(), { requestTimeoutMs: 500 });
    const slowCatalog = await connectRestCatalog({ name: 'floe', uri: restProxy.url, fileIO: () => slowIo });
    let table = await Table.load(slowCatalog, id);
    table = await table.append(batch(0, 100));

    let mark = s3Proxy.requests.length;
    s3Proxy.delayNext(1, 3_000, is('PUT', fromSdk, isManifest));
    s3Proxy.delayNext(1, 3_000, is('PUT', fromSdk, isManifestList));
    let started = Date.now();
    table = await table.append(batch(1, 100));
    const sdkMs = Date.now() - started;
    expect(s3Proxy.pendingFaults()).toBe(0);
    let requests = s3Proxy.requests.slice(mark);
    const delayed = requests.filter((r) => r.fault === 'delay');
    expect(delayed).toHaveLength(2);
    // The SDK gave up on each before the proxy forwarded it, then the retry went through.
    for (const r of delayed) expect(r.forwarded).toBe(false);
    expectRecovered(requests);
    // Abandoned requests of 0.5 s each plus backoff, far below the 3 s the server would have taken.
    expect(sdkMs).toBeLessThan(6_000);

    await duckdbHttp({ timeoutS: 1 });
    try {
      mark = s3Proxy.requests.length;
      s3Proxy.delayNext(1, 3_000, is('PUT', fromDuckDB, isDataFile));
      s3Proxy.delayNext(1, 3_000, is('GET', fromDuckDB, isDataFile));
      started = Date.now();
      table = await table.append(batch(2, 100));
      const duckMs = Date.now() - started;
      expect(s3Proxy.pendingFaults()).toBe(0);
      requests = s3Proxy.requests.slice(mark);
      const put = requests.find((r) => r.fault === 'delay' && r.method === 'PUT')!;
      const get = requests.find((r) => r.fault === 'delay' && r.method === 'GET')!;
      // DuckDB abandons a GET after http_timeout and retries it; it waits out a slow PUT (the proxy forwarded it
      // after 3 s and DuckDB took its 200) instead of timing it out.
      expect(get.forwarded).toBe(false);
      expect(put.forwarded).toBe(true);
      expect(put.status).toBe(200);
      expect(requests.filter(is('PUT', isDataFile))).toHaveLength(1);
      expectRecovered(requests);
      expect(duckMs).toBeLessThan(8_000);
    } finally {
      await duckdbHttp({ timeoutS: 30 });
    }
    expect(await verify(id, { snapshots: 3, rows: 300 })).toEqual([]);
  });

  it('responses slower than requestTimeoutMs on every attempt: a clear ServiceUnavailable naming the location', async () => {
    const id = await createTable('slow_exhausted');
    const slowIo = new S3FileIO(storage(), { requestTimeoutMs: 400, maxAttempts: 3 });
    const slowCatalog = await connectRestCatalog({ name: 'floe', uri: restProxy.url, fileIO: () => slowIo });
    let table = await Table.load(slowCatalog, id);
    table = await table.append(batch(0, 100));

    const mark = s3Proxy.requests.length;
    s3Proxy.delayNext(3, 2_000, is('PUT', fromSdk, isManifest));
    const started = Date.now();
    const error = await table.append(batch(1, 100)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(isIcebergError(error, 'ServiceUnavailable')).toBe(true);
    const attempts = s3Proxy.requests.slice(mark).filter(is('PUT', isManifest));
    expect(attempts).toHaveLength(3);
    if (isIcebergError(error)) {
      const location = locationOf(attempts[0]!);
      expect(error.context.location).toBe(location);
      expect(error.message).toContain(location);
      expect(error.message).toMatch(/TimeoutError|timed? ?out/i);
      for (const secret of secrets()) expect(error.message).not.toContain(secret);
    }
    // Nothing was committed, floe removed the data file; a later append works.
    table = await table.refresh();
    expect(table.snapshots()).toHaveLength(1);
    table = await table.append(batch(2, 100));
    expect(await verify(id, { snapshots: 2, rows: 200 })).toEqual([]);
  });

  it('removeOrphanFiles on a table leaves a sibling table whose name extends it alone', async () => {
    // S3 lists by key prefix: `.../orders` also matched every key of `.../orders_v2/` before S3FileIO.list
    // listed a directory, and removeOrphanFiles on orders deleted all of orders_v2 (data, manifests, metadata).
    const orders = await createTable('orders');
    const ordersV2 = await createTable('orders_v2');
    await (await Table.load(catalog, orders)).append(batch(0, 100));
    await (await Table.load(catalog, ordersV2)).append(batch(1, 100));
    const removed = await (await Table.load(catalog, orders)).removeOrphanFiles({ olderThanMs: Date.now() + 60_000 });
    expect(removed).toEqual([]);
    expect(await verify(ordersV2, { snapshots: 1, rows: 100 })).toEqual([]);
  });

  describe('the REST catalog applies a commit and its answer is lost (connection reset)', () => {
    it('floe re-checks the table, finds its snapshot and reports success: exactly one copy of the batch', async () => {
      const id = await createTable('lost_answer');
      let table = await Table.load(catalog, id);
      table = await table.append(batch(0, 100));

      const mark = restProxy.requests.length;
      restProxy.dropResponseNext(1, isCommit('lost_answer'));
      table = await table.append(batch(1, 100));
      expect(restProxy.pendingFaults()).toBe(0);
      const requests = restProxy.requests.slice(mark);
      const commit = requests.find((r) => r.fault === 'drop-response')!;
      // The server applied the commit (HTTP 200), the client only saw the reset, then reloaded the table.
      expect(commit.status).toBe(200);
      expect(commit.forwarded).toBe(true);
      expect(requests.slice(requests.indexOf(commit) + 1).some(isLoad('lost_answer'))).toBe(true);
      // Not committed a second time.
      expect(requests.filter(isCommit('lost_answer'))).toHaveLength(1);

      const reloaded = await Table.load(catalog, id);
      expect(reloaded.currentSnapshot()?.snapshotId).toBe(table.currentSnapshot()?.snapshotId);
      expect(await verify(id, { snapshots: 2, rows: 200 })).toEqual([]);
    });

    it('the re-check fails once: floe reloads again, sees its commit and reports success with one copy', async () => {
      const id = await createTable('lost_once');
      let table = await Table.load(catalog, id);
      table = await table.append(batch(0, 100));
      restProxy.dropResponseNext(1, isCommit('lost_once'));
      restProxy.resetNext(1, 0, isLoad('lost_once'));
      table = await table.append(batch(1, 100));
      expect(restProxy.pendingFaults()).toBe(0);
      expect(table.snapshots()).toHaveLength(2);
      expect(await verify(id, { snapshots: 2, rows: 200 })).toEqual([]);
    });

    it('the catalog stays unreachable for the re-check: CommitStateUnknown, and the landed batch stays intact', async () => {
      const id = await createTable('lost_catalog');
      let table = await Table.load(catalog, id);
      table = await table.append(batch(0, 100));

      restProxy.dropResponseNext(1, isCommit('lost_catalog'));
      restProxy.resetNext(5, 0, isLoad('lost_catalog'));
      const error = await table.append(batch(1, 100)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(restProxy.pendingFaults()).toBe(0);
      // After reconnecting: the commit landed once, every file it references is still there, and the caller was
      // told the outcome is unknown (not a retryable error, which would invite a second append of the same batch).
      const reloaded = await Table.load(catalog, id);
      expect(reloaded.snapshots()).toHaveLength(2);
      expect(await verify(id, { snapshots: 2, rows: 200 })).toEqual([]);
      expect(isIcebergError(error, 'CommitStateUnknown')).toBe(true);
    });
  });
});

if (skipWithoutTool(...tools)) {
  describe('object-store faults', () => {
    it.skip(`skipped: ${missingTools(...tools)}`, () => {});
  });
}
