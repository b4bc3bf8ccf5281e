import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthGateway, startAuthGateway } from '../../../../../testing/fixtures/iceberg-rest/auth-gateway.js';
import { type OAuth2Server, startOAuth2Server } from '../../../../../testing/fixtures/iceberg-rest/oauth2-server.js';
import {
  type RestCatalogServer,
  restCatalogServerAvailability,
  startRestCatalogServer,
} from '../../../../../testing/fixtures/iceberg-rest/server.js';
import type { IcebergError } from '../../errors.js';
import { readRows } from '../../scan/duckdb.js';
import { schemaFromColumns } from '../../spec/schema.js';
import { Table } from '../../table.js';
import { tableIdentifier } from '../catalog.js';
import { connectRestCatalog } from './catalog.js';
import { type CatalogProxyStub, startCatalogProxyStub } from './testing/catalog-proxy.stub.js';

const availability = restCatalogServerAvailability();
const ROOT = resolve(import.meta.dirname, '../../../../..');
const PYTHON = join(ROOT, '.venv', 'bin', 'python');
const run = promisify(execFile);
const unique = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
const schema = schemaFromColumns([
  { name: 'id', type: 'long', required: true },
  { name: 'name', type: 'string' },
]);
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as IcebergError,
  );

describe.skipIf(!availability.available)('RestCatalog with the real Apache Iceberg REST catalog server', () => {
  let server: RestCatalogServer;
  beforeAll(async () => {
    server = await startRestCatalogServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('reads /v1/config and sends one OAuth2 token with every request', async () => {
    const seen: Array<{ url: string; auth: string | undefined }> = [];
    const recordingFetch: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      seen.push({ url: String(input), auth: headers.get('authorization') ?? undefined });
      return fetch(input, init);
    };
    const catalog = await connectRestCatalog({
      uri: server.uri,
      warehouse: server.warehouse,
      credential: { clientId: server.oauth2.clientId, clientSecret: server.oauth2.clientSecret },
      fetch: recordingFetch,
    });
    expect(catalog.config.namespaceSeparator).toBe('%2E'); // the server's override
    expect(catalog.config.endpoints?.has('POST /v1/{prefix}/namespaces')).toBe(true);
    const ns = [unique('cfg')];
    await catalog.createNamespace(ns);
    await catalog.listNamespaces();
    const tokenCalls = seen.filter((s) => s.url.endsWith('/v1/oauth/tokens'));
    const catalogCalls = seen.filter((s) => !s.url.endsWith('/v1/oauth/tokens'));
    expect(tokenCalls).toHaveLength(1);
    expect(catalogCalls.length).toBeGreaterThanOrEqual(3);
    expect(new Set(catalogCalls.map((c) => c.auth))).toEqual(
      new Set([`Bearer client-credentials-token:sub=${server.oauth2.clientId}`]),
    );
    expect(catalogCalls[0]!.url).toContain(`/v1/config?warehouse=${encodeURIComponent(server.warehouse)}`);
  });

  it('walks nested namespaces with the server separator', async () => {
    const catalog = await connectRestCatalog({ uri: server.uri });
    const root = unique('nest');
    await catalog.createNamespace([root]);
    await catalog.createNamespace([root, 'a']);
    await catalog.createNamespace([root, 'a', 'b']);
    expect(await catalog.listNamespaces([root, 'a'])).toEqual([[root, 'a', 'b']]);
    expect(await catalog.namespaceExists([root, 'a', 'b'])).toBe(true);
    const id = tableIdentifier([root, 'a', 'b'], 't');
    await catalog.createTable(id, { schema });
    expect(await catalog.listTables([root, 'a', 'b'])).toEqual([id]);
  });

  it('maps an unreachable catalog to ServiceUnavailable and bad options to DataInvalid', async () => {
    const unreachable = await failure(connectRestCatalog({ uri: 'http://127.0.0.1:9', timeoutMs: 2_000 }));
    expect(unreachable?.kind).toBe('ServiceUnavailable');
    expect(unreachable?.retryable).toBe(true);
    const invalid = await failure(connectRestCatalog({ uri: 'not a url', token: 'tok-secret-value' }));
    expect(invalid?.kind).toBe('DataInvalid');
    expect(invalid?.message).toContain('uri');
    expect(invalid?.message).not.toContain('tok-secret-value');
  });

  it('keeps every row when 4 writers append concurrently through REST (409 → reload → retry)', async () => {
    const ns = [unique('concurrent')];
    const setup = await connectRestCatalog({ uri: server.uri });
    await setup.createNamespace(ns);
    const id = tableIdentifier(ns, 't');
    await setup.createTable(id, { schema });
    const writers = 4;
    const appendsEach = 5;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const catalog = await connectRestCatalog({ uri: server.uri });
        for (let a = 0; a < appendsEach; a++) {
          const table = await Table.load(catalog, id);
          const base = (w * appendsEach + a) * 10;
          await table.append({
            rows: Array.from({ length: 10 }, (_, i) => ({ id: BigInt(base + i), name: `w${w}` })),
          });
        }
      }),
    );
    const final = await Table.load(setup, id);
    expect(final.snapshots()).toHaveLength(writers * appendsEach);
    expect(final.currentSnapshot()?.summary['total-records']).toBe(String(writers * appendsEach * 10));
    const rows = await readRows(final);
    expect(new Set(rows.map((r) => Number(r.id))).size).toBe(writers * appendsEach * 10);
  });

  describe('with real OAuth2 (oidc-provider) enforced by the test gateway, Polaris-style', () => {
    let oauth2: OAuth2Server;
    let gateway: AuthGateway;
    beforeAll(async () => {
      oauth2 = await startOAuth2Server({ clientSecret: `canary-${Math.random().toString(36).slice(2)}` });
      gateway = await startAuthGateway(server.uri, oauth2);
    });
    afterAll(async () => {
      await gateway?.stop();
      await oauth2?.stop();
    });
    const recorder = () => {
      const calls: Array<{ url: string; status: number; auth: string | undefined }> = [];
      const recordingFetch: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        const auth = new Headers(init?.headers).get('authorization') ?? undefined;
        calls.push({ url: String(input), status: response.status, auth });
        return response;
      };
      return { calls, recordingFetch };
    };

    it('connects with client credentials; without them the catalog answers 401', async () => {
      const catalog = await connectRestCatalog({
        uri: gateway.uri,
        credential: { clientId: oauth2.clientId, clientSecret: oauth2.clientSecret },
        scope: 'PRINCIPAL_ROLE:ALL',
      });
      const ns = [unique('oauth')];
      await catalog.createNamespace(ns);
      expect(await catalog.namespaceExists(ns)).toBe(true);
      const anonymous = await failure(connectRestCatalog({ uri: gateway.uri }));
      expect(anonymous?.kind).toBe('Unauthorized');
    });

    it('renews a revoked token once on 401 and carries on', async () => {
      const { calls, recordingFetch } = recorder();
      const catalog = await connectRestCatalog({
        uri: gateway.uri,
        credential: { clientId: oauth2.clientId, clientSecret: oauth2.clientSecret },
        fetch: recordingFetch,
      });
      const ns = [unique('revoke')];
      await catalog.createNamespace(ns);
      const token = calls.at(-1)?.auth?.replace(/^Bearer /, '');
      expect(token).toBeTruthy();
      await oauth2.revoke(token!);
      expect(await catalog.namespaceExists(ns)).toBe(true);
      const statuses = calls.map((c) => c.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(1);
      expect(calls.filter((c) => c.url.endsWith('/v1/oauth/tokens'))).toHaveLength(2);
      expect(calls.at(-1)?.auth).not.toBe(`Bearer ${token}`);
    });

    it('renews an expiring token before it expires, without a 401', async () => {
      const shortLived = await startOAuth2Server({ tokenTtlSeconds: 1 });
      const shortGateway = await startAuthGateway(server.uri, shortLived);
      try {
        const { calls, recordingFetch } = recorder();
        const catalog = await connectRestCatalog({
          uri: shortGateway.uri,
          credential: { clientId: shortLived.clientId, clientSecret: shortLived.clientSecret },
          fetch: recordingFetch,
        });
        await catalog.listNamespaces();
        await new Promise((r) => setTimeout(r, 1_100));
        await catalog.listNamespaces();
        expect(calls.filter((c) => c.url.endsWith('/v1/oauth/tokens'))).toHaveLength(2);
        expect(calls.some((c) => c.status === 401)).toBe(false);
      } finally {
        await shortGateway.stop();
        await shortLived.stop();
      }
    });

    it('fails with Unauthorized for a wrong secret and never shows the secret', async () => {
      const wrong = `${oauth2.clientSecret}-x`;
      const error = await failure(
        connectRestCatalog({ uri: gateway.uri, credential: { clientId: oauth2.clientId, clientSecret: wrong } }),
      );
      expect(error?.kind).toBe('Unauthorized');
      const printed = `${error?.toString()} ${JSON.stringify(error?.context)} ${error?.stack}`;
      expect(printed).not.toContain(wrong);
    });
  });

  describe('through a fault-injecting stub proxy', () => {
    let proxy: CatalogProxyStub;
    beforeAll(async () => {
      proxy = await startCatalogProxyStub(server.uri);
    });
    afterAll(async () => {
      await proxy?.close();
    });
    const connect = (timeoutMs?: number) => connectRestCatalog({ uri: proxy.uri, ...(timeoutMs ? { timeoutMs } : {}) });

    it('stub: reports a 5xx answer to a commit as CommitStateUnknown (the commit did happen)', async () => {
      const catalog = await connect();
      const ns = [unique('unknown')];
      await catalog.createNamespace(ns);
      const id = tableIdentifier(ns, 't');
      const created = await catalog.createTable(id, { schema });
      proxy.failNextCommitAfterForwarding(502);
      const error = await failure(
        catalog.commitTable(id, {
          requirements: [{ type: 'assert-table-uuid', uuid: created.metadata.tableUuid }],
          updates: [{ action: 'set-properties', updates: { applied: 'yes' } }],
        }),
      );
      expect(error?.kind).toBe('CommitStateUnknown');
      expect(error?.retryable).toBe(false);
      expect(error?.context.table).toBe(`${ns[0]}.t`);
      // Why a blind retry is wrong: the server applied the commit although the client saw 502.
      expect((await catalog.loadTable(id)).metadata.properties.applied).toBe('yes');
    });

    it('stub: an append whose commit response is lost lands exactly once (the commit loop checks)', async () => {
      const catalog = await connect();
      const ns = [unique('lost')];
      await catalog.createNamespace(ns);
      const id = tableIdentifier(ns, 't');
      const table = new Table(catalog, await catalog.createTable(id, { schema }));
      proxy.failNextCommitAfterForwarding(504);
      const appended = await table.append({ rows: [{ id: 1n, name: 'once' }] });
      expect(appended.snapshots()).toHaveLength(1);
      const reloaded = await catalog.loadTable(id);
      expect(reloaded.metadata.snapshots).toHaveLength(1);
      expect(reloaded.metadata.snapshots[0]?.summary['total-records']).toBe('1');
    });

    it('stub: reports a commit timeout as CommitStateUnknown', async () => {
      const catalog = await connect(500);
      const ns = [unique('slow')];
      await catalog.createNamespace(ns);
      const id = tableIdentifier(ns, 't');
      await catalog.createTable(id, { schema });
      proxy.delayNextCommit(1_500);
      const error = await failure(catalog.commitTable(id, { requirements: [], updates: [] }));
      expect(error?.kind).toBe('CommitStateUnknown');
      expect(error?.message).toContain('timed out');
    });
  });

  describe.skipIf(!existsSync(PYTHON))('interop with PyIceberg RestCatalog', () => {
    const python = async (script: string, args: string[]) => {
      const { stdout } = await run(PYTHON, ['-c', script, ...args], { timeout: 120_000 });
      return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    };

    it('PyIceberg sees a table floe created and committed through REST, 64-bit ids intact', async () => {
      const catalog = await connectRestCatalog({
        uri: server.uri,
        credential: { clientId: server.oauth2.clientId, clientSecret: server.oauth2.clientSecret },
      });
      const ns = [unique('py')];
      await catalog.createNamespace(ns, { owner: 'floe' });
      const id = tableIdentifier(ns, 'events');
      const created = await catalog.createTable(id, { schema, properties: { 'written.by': 'floe' } });
      const snapshotId = 2n ** 62n + 12_345n;
      await catalog.commitTable(id, {
        requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': null }],
        updates: [
          {
            action: 'add-snapshot',
            snapshot: {
              'snapshot-id': snapshotId,
              'sequence-number': 1n,
              'timestamp-ms': Date.now(),
              'manifest-list': `${created.metadata.location}/metadata/snap-${snapshotId}.avro`,
              summary: { operation: 'append' },
              'schema-id': 0,
            },
          },
          { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': snapshotId },
        ],
      });
      const seen = await python(
        `
import json, sys
from pyiceberg.catalog import load_catalog
cat = load_catalog("rest", **{"type": "rest", "uri": sys.argv[1], "credential": sys.argv[2]})
t = cat.load_table(sys.argv[3])
print(json.dumps({
  "uuid": str(t.metadata.table_uuid),
  "snapshot": str(t.metadata.current_snapshot_id),
  "columns": [f.name for f in t.schema().fields],
  "props": dict(t.properties),
  "tables": [".".join(i) for i in cat.list_tables(sys.argv[4])],
}))
`,
        [server.uri, `${server.oauth2.clientId}:${server.oauth2.clientSecret}`, `${ns[0]}.events`, ns[0]!],
      );
      expect(seen.uuid).toBe(created.metadata.tableUuid);
      expect(seen.snapshot).toBe(snapshotId.toString());
      expect(seen.columns).toEqual(['id', 'name']);
      expect((seen.props as Record<string, string>)['written.by']).toBe('floe');
      expect(seen.tables).toEqual([`${ns[0]}.events`]);
    });

    it('floe appends through REST, PyIceberg appends too, and both read the same rows', async () => {
      const catalog = await connectRestCatalog({
        uri: server.uri,
        credential: { clientId: server.oauth2.clientId, clientSecret: server.oauth2.clientSecret },
      });
      const ns = [unique('append')];
      await catalog.createNamespace(ns);
      const id = tableIdentifier(ns, 'orders');
      let table = new Table(catalog, await catalog.createTable(id, { schema }));
      const rows = (from: number, n: number) =>
        Array.from({ length: n }, (_, i) => ({ id: BigInt(from + i), name: `order-${from + i}` }));
      table = await table.append({ rows: rows(0, 500) });
      table = await table.append({ rows: rows(500, 250) });
      expect(table.currentSnapshot()?.summary['total-records']).toBe('750');
      const seen = await python(
        `
import json, sys
import pyarrow as pa
from pyiceberg.catalog import load_catalog
cat = load_catalog("rest", **{"type": "rest", "uri": sys.argv[1]})
t = cat.load_table(sys.argv[2])
before = t.scan().to_arrow()
arrow_schema = pa.schema([pa.field("id", pa.int64(), nullable=False), pa.field("name", pa.string())])
t.append(pa.table({"id": [1000, 1001], "name": ["py-1", "py-2"]}, schema=arrow_schema))
print(json.dumps({
  "rows": before.num_rows,
  "id_sum": int(pa.compute.sum(before["id"]).as_py()),
  "names": sorted(before["name"].to_pylist())[:2],
  "snapshots": [str(s.snapshot_id) for s in t.snapshots()],
}))
`,
        [server.uri, `${ns[0]}.orders`],
      );
      expect(seen.rows).toBe(750);
      expect(seen.id_sum).toBe((749 * 750) / 2);
      expect(seen.names).toEqual(['order-0', 'order-1']);
      // PyIceberg saw floe's two snapshots (64-bit ids exact) and added a third on top of them.
      expect((seen.snapshots as string[]).slice(0, 2)).toEqual(table.snapshots().map((s) => s.snapshotId.toString()));
      expect(seen.snapshots).toHaveLength(3);
      const after = await readRows(await table.refresh());
      expect(after).toHaveLength(752);
      expect(
        after
          .filter((r) => String(r.name).startsWith('py-'))
          .map((r) => Number(r.id))
          .sort(),
      ).toEqual([1000, 1001]);
    });

    it('floe loads a table PyIceberg wrote through REST, snapshot ids and row counts exact', async () => {
      const ns = unique('pyw');
      const written = await python(
        `
import json, sys
import pyarrow as pa
from pyiceberg.catalog import load_catalog
cat = load_catalog("rest", **{"type": "rest", "uri": sys.argv[1]})
cat.create_namespace(sys.argv[2])
data = pa.table({"id": pa.array(range(100), pa.int64()), "name": pa.array([f"n{i}" for i in range(100)])})
t = cat.create_table(f"{sys.argv[2]}.rows", schema=data.schema)
t.append(data)
t.append(data.slice(0, 10))
t = cat.load_table(f"{sys.argv[2]}.rows")
print(json.dumps({"snapshots": [str(s.snapshot_id) for s in t.snapshots()], "location": t.metadata_location}))
`,
        [server.uri, ns],
      );
      const catalog = await connectRestCatalog({ uri: server.uri });
      const loaded = await catalog.loadTable(tableIdentifier([ns], 'rows'));
      expect(loaded.metadataLocation).toBe(written.location);
      expect(loaded.metadata.snapshots.map((s) => s.snapshotId.toString())).toEqual(written.snapshots);
      expect(loaded.metadata.currentSnapshotId?.toString()).toBe((written.snapshots as string[]).at(-1));
      const current = loaded.metadata.snapshots.at(-1)!;
      expect(current.summary['total-records']).toBe('110');
      expect(current.parentSnapshotId).toBe(loaded.metadata.snapshots[0]!.snapshotId);
    });
  });
});

if (!availability.available) {
  describe('RestCatalog with the real Apache Iceberg REST catalog server', () => {
    it.skip(`skipped: ${availability.reason}`, () => {});
  });
}
