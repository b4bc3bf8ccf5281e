/**
 * Vended storage credentials (`X-Iceberg-Access-Delegation: vended-credentials`, as Apache Polaris does it), against
 * Apache Iceberg's RESTCatalogServer on S3 (versitygw) configured to include credentials in `loadTable`: floe's
 * client holds no S3 keys of its own and still writes and reads through the keys the catalog hands out. A gateway in
 * front of the real server marks the vended keys as expiring (`s3.session-token-expires-at-ms`, which the fixture
 * does not send) to prove floe reloads the table for fresh credentials before they expire.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  restCatalogServerAvailability,
  startRestCatalogServer,
} from '../../../testing/fixtures/iceberg-rest/server.js';
import { type S3Server, s3ServerAvailable, startS3Server } from '../../../testing/fixtures/s3/versitygw.js';
import { missingTools, skipWithoutTool, type ToolAvailability } from '../../../testing/fixtures/stack/availability.js';
import { tableIdentifier } from '../src/catalog/catalog.js';
import { loadCatalog } from '../src/catalog/loader.js';
import { readRows } from '../src/scan/duckdb.js';
import { schemaFromColumns } from '../src/spec/schema.js';
import { Table } from '../src/table.js';

const tools: ToolAvailability[] = [
  s3ServerAvailable()
    ? { available: true }
    : { available: false, reason: 'versitygw not built (.tools/bin/versitygw): run `make setup`' },
  restCatalogServerAvailability(),
];

/** Forwards to the catalog; adds an expiry to the config of table responses; counts table loads. */
async function expiringGateway(upstream: string, expiresInMs: number) {
  const counts = { tableLoads: 0 };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)),
    ) as Record<string, string>;
    const isTable = /\/namespaces\/[^/]+\/tables\/[^/]+$/.test((req.url ?? '').split('?')[0]!);
    if (req.method === 'GET' && isTable) counts.tableLoads += 1;
    const response = await fetch(`${upstream}${req.url}`, {
      method: req.method,
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    let body = Buffer.from(await response.arrayBuffer());
    if (response.ok && isTable && req.method !== 'DELETE' && body.length > 0) {
      // Edited as text: JSON.parse would round the 64-bit snapshot ids in the metadata.
      const text = body.toString('utf8');
      if (/"config"\s*:\s*\{[^}]*"s3\.access-key-id"/.test(text)) {
        const expiry = `"s3.session-token-expires-at-ms":"${Date.now() + expiresInMs}",`;
        body = Buffer.from(text.replace(/"config"\s*:\s*\{/, (m) => `${m}${expiry}`));
      }
    }
    res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, counts, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.skipIf(skipWithoutTool(...tools))('vended storage credentials through a real REST catalog on S3', () => {
  let store: S3Server;
  let rest: Awaited<ReturnType<typeof startRestCatalogServer>>;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    if (missingTools(...tools)) throw new Error(missingTools(...tools));
    // No credential chain to fall back on: only the catalog's vended keys can reach the bucket.
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
      saved[k] = process.env[k];
      delete process.env[k];
    }
    store = await startS3Server({ bucket: 'floe-vended' });
    rest = await startRestCatalogServer({
      s3: { endpoint: store.endpoint, bucket: store.bucket, prefix: 'lake', ...store.root, region: store.region },
      vendCredentials: true,
    });
  }, 120_000);

  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
    await rest?.stop();
    await store?.stop();
  });

  /** Client properties: where the bucket is, but no keys. */
  const clientProperties = (uri: string) => ({
    type: 'rest',
    uri,
    'header.X-Iceberg-Access-Delegation': 'vended-credentials',
    's3.endpoint': store.endpoint,
    's3.path-style-access': 'true',
    's3.region': store.region,
  });

  it('writes and reads with only the keys the catalog vends', async () => {
    const catalog = await loadCatalog('vended', clientProperties(rest.uri));
    await catalog.createNamespace(['v']);
    const created = await catalog.createTable(tableIdentifier(['v'], 'orders'), {
      schema: schemaFromColumns([
        { name: 'id', type: 'long', required: true },
        { name: 'amount', type: 'double' },
      ]),
    });
    let table = new Table(catalog, created);
    table = await table.append({ rows: Array.from({ length: 50 }, (_, i) => ({ id: BigInt(i), amount: i * 1.5 })) });
    table = await table.append({ rows: [{ id: 50n, amount: 1 }] });
    const rows = await readRows(await table.refresh());
    expect(rows).toHaveLength(51);
    expect(table.metadata.location.startsWith(`s3://${store.bucket}/lake/`)).toBe(true);
  }, 120_000);

  it('reloads the table for fresh credentials before vended ones expire', async () => {
    const gateway = await expiringGateway(rest.uri, 60_000); // inside the five-minute refresh margin
    try {
      const catalog = await loadCatalog('expiring', clientProperties(gateway.url));
      let table = await Table.load(catalog, tableIdentifier(['v'], 'orders'));
      const rowsBefore = (await readRows(table)).length;
      const loadsBefore = gateway.counts.tableLoads;
      table = await table.append({ rows: [{ id: 100n, amount: 2 }] });
      const rows = await readRows(await table.refresh());
      expect(rows).toHaveLength(rowsBefore + 1);
      // Beyond the loads the test asked for (Table.load, the commit's reload, refresh), the S3 credential provider
      // and the DuckDB secret reloaded the table for credentials.
      expect(gateway.counts.tableLoads - loadsBefore).toBeGreaterThan(2);
    } finally {
      await gateway.stop();
    }
  }, 120_000);
});

if (skipWithoutTool(...tools)) {
  describe('vended storage credentials', () => {
    it.skip(`skipped: ${missingTools(...tools)}`, () => {});
  });
}
