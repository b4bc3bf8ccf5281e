import { randomUUID } from 'node:crypto';
import { commitConflict, dataInvalid, featureUnsupported } from '../errors.js';
import {
  PARTITION_DATA_ID_START,
  type PartitionSpec,
  partitionSpecFromWire,
  UNPARTITIONED,
} from '../spec/partition.js';
import { highestFieldId, type Schema, schemaFromWire } from '../spec/schema.js';
import { MAIN_BRANCH, refFromWire, snapshotFromWire } from '../spec/snapshot.js';
import { type SortOrder, sortOrderFromWire, UNSORTED } from '../spec/sort-order.js';
import { makeTableMetadata, type TableMetadata } from '../spec/table-metadata.js';
import type { TableRequirement, TableUpdate } from '../spec/updates.js';
import type { CreateTableOptions } from './catalog.js';

/** Metadata of a new, empty v2 table. */
export function newTableMetadata(options: CreateTableOptions & { location: string }): TableMetadata {
  const schema: Schema = { ...options.schema, schemaId: 0 };
  const spec: PartitionSpec = { ...(options.partitionSpec ?? UNPARTITIONED), specId: 0 };
  const order: SortOrder = options.sortOrder ?? UNSORTED;
  return makeTableMetadata({
    formatVersion: 2,
    tableUuid: randomUUID(),
    location: options.location.replace(/\/+$/, ''),
    lastSequenceNumber: 0n,
    lastUpdatedMs: Date.now(),
    lastColumnId: highestFieldId(schema),
    schemas: [schema],
    currentSchemaId: 0,
    partitionSpecs: [spec],
    defaultSpecId: 0,
    lastPartitionId: spec.fields.reduce((a, f) => Math.max(a, f.fieldId), PARTITION_DATA_ID_START - 1),
    sortOrders: [order],
    defaultSortOrderId: order.orderId,
    properties: { ...(options.properties ?? {}) },
    currentSnapshotId: undefined,
    snapshots: [],
    snapshotLog: [],
    metadataLog: [],
    refs: {},
    statistics: [],
    partitionStatistics: [],
  });
}

const conflict = (what: string, table: string) => commitConflict(`requirement failed: ${what}`, { table });

/** Throws CommitConflict when a requirement does not hold for `base` (undefined: the table does not exist). */
export function checkRequirements(
  base: TableMetadata | undefined,
  requirements: readonly TableRequirement[],
  table: string,
) {
  for (const r of requirements) {
    if (r.type === 'assert-create') {
      if (base) throw conflict('table already exists', table);
      continue;
    }
    if (!base) throw conflict(`${r.type} on a table that does not exist`, table);
    switch (r.type) {
      case 'assert-table-uuid':
        if (base.tableUuid !== r.uuid) throw conflict(`table uuid is ${base.tableUuid}, expected ${r.uuid}`, table);
        break;
      case 'assert-ref-snapshot-id': {
        const actual = base.refs[r.ref]?.snapshotId ?? null;
        const expected = r['snapshot-id'] === null ? null : BigInt(r['snapshot-id']);
        if (actual !== expected) {
          throw conflict(`ref ${r.ref} is at snapshot ${actual ?? 'none'}, expected ${expected ?? 'none'}`, table);
        }
        break;
      }
      case 'assert-last-assigned-field-id':
        if (base.lastColumnId !== r['last-assigned-field-id']) throw conflict('last assigned field id changed', table);
        break;
      case 'assert-current-schema-id':
        if (base.currentSchemaId !== r['current-schema-id']) throw conflict('current schema changed', table);
        break;
      case 'assert-last-assigned-partition-id':
        if (base.lastPartitionId !== r['last-assigned-partition-id']) {
          throw conflict('last assigned partition id changed', table);
        }
        break;
      case 'assert-default-spec-id':
        if (base.defaultSpecId !== r['default-spec-id']) throw conflict('default partition spec changed', table);
        break;
      case 'assert-default-sort-order-id':
        if (base.defaultSortOrderId !== r['default-sort-order-id']) throw conflict('default sort order changed', table);
        break;
      default:
        throw featureUnsupported(`unknown requirement ${(r as { type: string }).type}`);
    }
  }
}

/**
 * Applies updates to `base` and returns the checked new metadata. `previousMetadataLocation`
 * is appended to the metadata log (trimmed to write.metadata.previous-versions-max, default 100).
 */
export function applyUpdates(
  base: TableMetadata,
  updates: readonly TableUpdate[],
  previousMetadataLocation?: string,
): TableMetadata {
  const m = {
    ...base,
    schemas: [...base.schemas],
    partitionSpecs: [...base.partitionSpecs],
    sortOrders: [...base.sortOrders],
    properties: { ...base.properties },
    snapshots: [...base.snapshots],
    snapshotLog: [...base.snapshotLog],
    metadataLog: [...base.metadataLog],
    refs: { ...base.refs },
  };
  const now = Date.now();
  let lastAddedSchema: number | undefined;
  let lastAddedSpec: number | undefined;
  let lastAddedOrder: number | undefined;
  for (const u of updates) {
    switch (u.action) {
      case 'assign-uuid':
        m.tableUuid = u.uuid;
        break;
      case 'upgrade-format-version':
        if (u['format-version'] < m.formatVersion) throw dataInvalid('cannot downgrade the format version');
        if (u['format-version'] > 2) throw featureUnsupported(`format version ${u['format-version']}`);
        m.formatVersion = u['format-version'] as 1 | 2;
        break;
      case 'add-schema': {
        const parsed = schemaFromWire(u.schema);
        const existing = m.schemas.find((s) => JSON.stringify(s.fields) === JSON.stringify(parsed.fields));
        if (existing) {
          lastAddedSchema = existing.schemaId;
          break;
        }
        const id = Math.max(...m.schemas.map((s) => s.schemaId)) + 1;
        m.schemas.push({ ...parsed, schemaId: id });
        m.lastColumnId = Math.max(m.lastColumnId, u['last-column-id'] ?? 0, highestFieldId(parsed));
        lastAddedSchema = id;
        break;
      }
      case 'set-current-schema': {
        const id = u['schema-id'] === -1 ? lastAddedSchema : u['schema-id'];
        if (id === undefined) throw dataInvalid('set-current-schema -1 without a schema added in this commit');
        m.currentSchemaId = id;
        break;
      }
      case 'add-spec': {
        const parsed = partitionSpecFromWire(u.spec);
        const id = Math.max(...m.partitionSpecs.map((s) => s.specId)) + 1;
        m.partitionSpecs.push({ ...parsed, specId: id });
        m.lastPartitionId = Math.max(m.lastPartitionId, ...parsed.fields.map((f) => f.fieldId));
        lastAddedSpec = id;
        break;
      }
      case 'set-default-spec': {
        const id = u['spec-id'] === -1 ? lastAddedSpec : u['spec-id'];
        if (id === undefined) throw dataInvalid('set-default-spec -1 without a spec added in this commit');
        m.defaultSpecId = id;
        break;
      }
      case 'add-sort-order': {
        const parsed = sortOrderFromWire(u['sort-order']);
        const id = parsed.fields.length === 0 ? 0 : Math.max(...m.sortOrders.map((s) => s.orderId)) + 1;
        if (!m.sortOrders.some((s) => s.orderId === id)) m.sortOrders.push({ ...parsed, orderId: id });
        lastAddedOrder = id;
        break;
      }
      case 'set-default-sort-order': {
        const id = u['sort-order-id'] === -1 ? lastAddedOrder : u['sort-order-id'];
        if (id === undefined) throw dataInvalid('set-default-sort-order -1 without an order added in this commit');
        m.defaultSortOrderId = id;
        break;
      }
      case 'add-snapshot': {
        const s = snapshotFromWire(u.snapshot);
        if (m.snapshots.some((x) => x.snapshotId === s.snapshotId)) {
          throw commitConflict(`snapshot ${s.snapshotId} already exists`);
        }
        if (m.formatVersion === 2 && s.sequenceNumber <= m.lastSequenceNumber && s.parentSnapshotId !== undefined) {
          throw commitConflict(
            `snapshot sequence number ${s.sequenceNumber} is not above last-sequence-number ${m.lastSequenceNumber}`,
          );
        }
        m.snapshots.push(s);
        if (s.sequenceNumber > m.lastSequenceNumber) m.lastSequenceNumber = s.sequenceNumber;
        m.lastUpdatedMs = s.timestampMs;
        break;
      }
      case 'set-snapshot-ref': {
        const ref = refFromWire({ ...u, 'snapshot-id': u['snapshot-id'] }, u['ref-name']);
        m.refs[u['ref-name']] = ref;
        if (u['ref-name'] === MAIN_BRANCH) {
          m.currentSnapshotId = ref.snapshotId;
          const snap = m.snapshots.find((s) => s.snapshotId === ref.snapshotId);
          m.snapshotLog.push({ snapshotId: ref.snapshotId, timestampMs: snap?.timestampMs ?? now });
        }
        break;
      }
      case 'remove-snapshots': {
        const ids = new Set(u['snapshot-ids'].map((x) => BigInt(x)));
        m.snapshots = m.snapshots.filter((s) => !ids.has(s.snapshotId));
        m.snapshotLog = m.snapshotLog.filter((e) => !ids.has(e.snapshotId));
        for (const [name, ref] of Object.entries(m.refs)) if (ids.has(ref.snapshotId)) delete m.refs[name];
        if (m.currentSnapshotId !== undefined && ids.has(m.currentSnapshotId)) m.currentSnapshotId = undefined;
        break;
      }
      case 'remove-snapshot-ref':
        delete m.refs[u['ref-name']];
        if (u['ref-name'] === MAIN_BRANCH) m.currentSnapshotId = undefined;
        break;
      case 'set-location':
        m.location = u.location.replace(/\/+$/, '');
        break;
      case 'set-properties':
        Object.assign(m.properties, u.updates);
        break;
      case 'remove-properties':
        for (const k of u.removals) delete m.properties[k];
        break;
      default:
        throw featureUnsupported(`unknown table update ${(u as { action: string }).action}`);
    }
  }
  if (previousMetadataLocation) {
    m.metadataLog.push({ metadataFile: previousMetadataLocation, timestampMs: base.lastUpdatedMs });
    const max = Number(m.properties['write.metadata.previous-versions-max'] ?? 100);
    if (m.metadataLog.length > max) m.metadataLog = m.metadataLog.slice(m.metadataLog.length - max);
  }
  m.lastUpdatedMs = Math.max(now, m.lastUpdatedMs);
  return makeTableMetadata(m);
}
