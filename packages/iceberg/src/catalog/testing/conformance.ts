import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { isIcebergError } from '../../errors.js';
import { schemaFromColumns, schemaToWire } from '../../spec/schema.js';
import type { TableUpdate } from '../../spec/updates.js';
import { type Catalog, tableIdentifier } from '../catalog.js';

/**
 * The Catalog contract, run against any implementation:
 *   catalogConformanceSuite('sqlite', () => makeSqliteCatalog(...));
 * `makeCatalog` is called once per test; every test uses fresh, uniquely named namespaces, so the
 * catalog may share state between tests (a server). The catalog is closed after each test.
 */
export function catalogConformanceSuite(name: string, makeCatalog: () => Catalog | Promise<Catalog>): void {
  describe(`Catalog conformance: ${name}`, () => {
    let open: Catalog[] = [];
    const catalog = async () => {
      const c = await makeCatalog();
      open.push(c);
      return c;
    };
    const ns = () => [`conf_${randomUUID().replace(/-/g, '').slice(0, 12)}`];
    afterEach(async () => {
      for (const c of open) await c.close();
      open = [];
    });
    const schema = schemaFromColumns([
      { name: 'id', type: 'long', required: true },
      { name: 'name', type: 'string' },
    ]);
    const expectKind = async (p: Promise<unknown>, kind: string) => {
      const error = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isIcebergError(error) ? error.kind : error).toBe(kind);
    };
    // A snapshot id above 2^53: must survive every round trip exactly.
    const bigId = 9_007_199_254_740_993n + BigInt(Math.floor(Math.random() * 1000));
    const snapshotUpdates = (location: string, id: bigint, parent: bigint | undefined, seq: bigint): TableUpdate[] => [
      {
        action: 'add-snapshot',
        snapshot: {
          'snapshot-id': id,
          ...(parent !== undefined ? { 'parent-snapshot-id': parent } : {}),
          'sequence-number': seq,
          'timestamp-ms': Date.now(),
          'manifest-list': `${location}/metadata/snap-${id}.avro`,
          summary: { operation: 'append' },
          'schema-id': 0,
        },
      },
      { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': id },
    ];

    it('creates, lists, describes and drops namespaces', async () => {
      const c = await catalog();
      const a = ns();
      await c.createNamespace(a, { owner: 'floe' });
      await c.createNamespace([...a, 'child']);
      expect(await c.namespaceExists(a)).toBe(true);
      expect((await c.listNamespaces()).map((n) => n.join('.'))).toContain(a[0]);
      expect((await c.listNamespaces(a)).map((n) => n.join('.'))).toEqual([`${a[0]}.child`]);
      expect((await c.loadNamespaceProperties(a)).owner).toBe('floe');
      const result = await c.updateNamespaceProperties(a, ['owner', 'absent'], { team: 'data' });
      expect(result.removed).toEqual(['owner']);
      expect(result.missing).toEqual(['absent']);
      const props = await c.loadNamespaceProperties(a);
      expect(props.team).toBe('data');
      expect(props.owner).toBeUndefined();
      await expectKind(c.createNamespace(a), 'AlreadyExists');
      await c.dropNamespace([...a, 'child']);
      await c.dropNamespace(a);
      expect(await c.namespaceExists(a)).toBe(false);
      await expectKind(c.loadNamespaceProperties(a), 'NamespaceNotFound');
    });

    it('creates, loads, lists, renames and drops tables', async () => {
      const c = await catalog();
      const a = ns();
      await c.createNamespace(a);
      const id = tableIdentifier(a, 'events');
      const created = await c.createTable(id, { schema, properties: { 'floe.test': 'yes' } });
      expect(created.metadata.formatVersion).toBe(2);
      expect(created.metadata.properties['floe.test']).toBe('yes');
      const loaded = await c.loadTable(id);
      expect(loaded.metadata.tableUuid).toBe(created.metadata.tableUuid);
      expect(loaded.metadata.schemas[0]!.fields.map((f) => f.name)).toEqual(['id', 'name']);
      expect(await c.tableExists(id)).toBe(true);
      expect((await c.listTables(a)).map((t) => t.name)).toEqual(['events']);
      await expectKind(c.createTable(id, { schema }), 'AlreadyExists');
      await expectKind(c.dropNamespace(a), 'NamespaceNotEmpty');

      const renamed = tableIdentifier(a, 'events_v2');
      await c.renameTable(id, renamed);
      expect(await c.tableExists(id)).toBe(false);
      expect((await c.loadTable(renamed)).metadata.tableUuid).toBe(created.metadata.tableUuid);
      await expectKind(c.loadTable(id), 'TableNotFound');
      await c.dropTable(renamed);
      expect(await c.tableExists(renamed)).toBe(false);
      await expectKind(c.dropTable(renamed), 'TableNotFound');
      await c.dropNamespace(a);
    });

    it('rejects tables in a missing namespace', async () => {
      const c = await catalog();
      await expectKind(c.createTable(tableIdentifier(ns(), 't'), { schema }), 'NamespaceNotFound');
      await expectKind(c.loadTable(tableIdentifier(ns(), 't')), 'TableNotFound');
    });

    it('commits snapshots with 64-bit ids losslessly and checks requirements', async () => {
      const c = await catalog();
      const a = ns();
      await c.createNamespace(a);
      const id = tableIdentifier(a, 't');
      const { metadata } = await c.createTable(id, { schema });
      const committed = await c.commitTable(id, {
        requirements: [
          { type: 'assert-table-uuid', uuid: metadata.tableUuid },
          { type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': null },
        ],
        updates: snapshotUpdates(metadata.location, bigId, undefined, 1n),
      });
      expect(committed.metadata.currentSnapshotId).toBe(bigId);
      const reloaded = await c.loadTable(id);
      expect(reloaded.metadata.currentSnapshotId).toBe(bigId);
      expect(reloaded.metadata.snapshots[0]!.snapshotId).toBe(bigId);
      expect(reloaded.metadata.refs.main!.snapshotId).toBe(bigId);
      expect(reloaded.metadataLocation).toBe(committed.metadataLocation);

      // stale requirement: main is no longer empty
      await expectKind(
        c.commitTable(id, {
          requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': null }],
          updates: snapshotUpdates(metadata.location, bigId + 1n, undefined, 2n),
        }),
        'CommitConflict',
      );
      await expectKind(
        c.commitTable(id, { requirements: [{ type: 'assert-table-uuid', uuid: randomUUID() }], updates: [] }),
        'CommitConflict',
      );
      const next = await c.commitTable(id, {
        requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': bigId }],
        updates: [
          ...snapshotUpdates(metadata.location, bigId + 1n, bigId, 2n),
          { action: 'set-properties', updates: { 'commit.note': 'second' } },
        ],
      });
      expect(next.metadata.snapshots.map((s) => s.snapshotId)).toEqual([bigId, bigId + 1n]);
      expect(next.metadata.snapshots[1]!.parentSnapshotId).toBe(bigId);
      expect(next.metadata.lastSequenceNumber).toBe(2n);
      expect((await c.loadTable(id)).metadata.properties['commit.note']).toBe('second');
    });

    it('evolves the schema through add-schema and set-current-schema', async () => {
      const c = await catalog();
      const a = ns();
      await c.createNamespace(a);
      const id = tableIdentifier(a, 't');
      const { metadata } = await c.createTable(id, { schema });
      const evolved = {
        ...schemaToWire(schema),
        'schema-id': 1,
        fields: [
          ...(schemaToWire(schema).fields as unknown[]),
          { id: 3, name: 'added', required: false, type: 'double' },
        ],
      };
      const result = await c.commitTable(id, {
        requirements: [{ type: 'assert-current-schema-id', 'current-schema-id': metadata.currentSchemaId }],
        updates: [
          { action: 'add-schema', schema: evolved, 'last-column-id': 3 },
          { action: 'set-current-schema', 'schema-id': -1 },
        ],
      });
      expect(result.metadata.lastColumnId).toBe(3);
      const loaded = await c.loadTable(id);
      const current = loaded.metadata.schemas.find((s) => s.schemaId === loaded.metadata.currentSchemaId)!;
      expect(current.fields.map((f) => f.name)).toEqual(['id', 'name', 'added']);
    });

    it('lets exactly one of two competing commits win', async () => {
      const c1 = await catalog();
      const c2 = await catalog();
      const a = ns();
      await c1.createNamespace(a);
      const id = tableIdentifier(a, 't');
      const { metadata } = await c1.createTable(id, { schema });
      const attempt = (cat: Catalog, snap: bigint) =>
        cat.commitTable(id, {
          requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': null }],
          updates: snapshotUpdates(metadata.location, snap, undefined, 1n),
        });
      const results = await Promise.allSettled([attempt(c1, 101n), attempt(c2, 202n)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(isIcebergError((lost[0] as PromiseRejectedResult).reason, 'CommitConflict')).toBe(true);
      expect((await c1.loadTable(id)).metadata.snapshots).toHaveLength(1);
    });

    it('registers a table from its metadata file', async () => {
      const c = await catalog();
      const a = ns();
      await c.createNamespace(a);
      const id = tableIdentifier(a, 'orig');
      const created = await c.createTable(id, { schema });
      await c.dropTable(id);
      const registered = await c.registerTable(tableIdentifier(a, 'again'), created.metadataLocation);
      expect(registered.metadata.tableUuid).toBe(created.metadata.tableUuid);
      expect((await c.loadTable(tableIdentifier(a, 'again'))).metadataLocation).toBe(created.metadataLocation);
      await expectKind(c.registerTable(tableIdentifier(a, 'again'), created.metadataLocation), 'AlreadyExists');
    });
  });
}
