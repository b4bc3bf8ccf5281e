import { z } from 'zod';
import { dataInvalid, featureUnsupported } from '../errors.js';
import { type PartitionSpec, partitionSpecFromWire, partitionSpecToWire } from './partition.js';
import { highestFieldId, type Schema, schemaFromWire, schemaToWire } from './schema.js';
import {
  MAIN_BRANCH,
  refFromWire,
  refToWire,
  type Snapshot,
  type SnapshotRef,
  snapshotFromWire,
  snapshotToWire,
  toLong,
} from './snapshot.js';
import { type SortOrder, sortOrderFromWire, sortOrderToWire, UNSORTED } from './sort-order.js';

export interface SnapshotLogEntry {
  readonly snapshotId: bigint;
  readonly timestampMs: number;
}
export interface MetadataLogEntry {
  readonly metadataFile: string;
  readonly timestampMs: number;
}

/** The checked, immutable model of an Iceberg table's metadata (format v1 or v2). */
export interface TableMetadata {
  readonly formatVersion: 1 | 2;
  readonly tableUuid: string;
  readonly location: string;
  readonly lastSequenceNumber: bigint;
  readonly lastUpdatedMs: number;
  readonly lastColumnId: number;
  readonly schemas: readonly Schema[];
  readonly currentSchemaId: number;
  readonly partitionSpecs: readonly PartitionSpec[];
  readonly defaultSpecId: number;
  readonly lastPartitionId: number;
  readonly sortOrders: readonly SortOrder[];
  readonly defaultSortOrderId: number;
  readonly properties: Readonly<Record<string, string>>;
  readonly currentSnapshotId?: bigint | undefined;
  readonly snapshots: readonly Snapshot[];
  readonly snapshotLog: readonly SnapshotLogEntry[];
  readonly metadataLog: readonly MetadataLogEntry[];
  readonly refs: Readonly<Record<string, SnapshotRef>>;
  /** Statistics files are carried through unchanged (wire form). */
  readonly statistics: readonly unknown[];
  readonly partitionStatistics: readonly unknown[];
}

/** Checks the model's invariants and freezes it. Every TableMetadata passes through here. */
export function makeTableMetadata(m: TableMetadata): TableMetadata {
  const ctx = { table: m.location };
  if (!m.schemas.some((s) => s.schemaId === m.currentSchemaId)) {
    throw dataInvalid(`current-schema-id ${m.currentSchemaId} is not among the schemas`, ctx);
  }
  if (!m.partitionSpecs.some((s) => s.specId === m.defaultSpecId)) {
    throw dataInvalid(`default-spec-id ${m.defaultSpecId} is not among the partition specs`, ctx);
  }
  if (!m.sortOrders.some((s) => s.orderId === m.defaultSortOrderId)) {
    throw dataInvalid(`default-sort-order-id ${m.defaultSortOrderId} is not among the sort orders`, ctx);
  }
  const ids = new Set(m.snapshots.map((s) => s.snapshotId));
  if (ids.size !== m.snapshots.length) throw dataInvalid('duplicate snapshot ids', ctx);
  if (m.currentSnapshotId !== undefined && !ids.has(m.currentSnapshotId)) {
    throw dataInvalid(`current-snapshot-id ${m.currentSnapshotId} is not among the snapshots`, ctx);
  }
  for (const [name, ref] of Object.entries(m.refs)) {
    if (!ids.has(ref.snapshotId)) throw dataInvalid(`ref ${name} points to unknown snapshot ${ref.snapshotId}`, ctx);
  }
  if (m.formatVersion === 2) {
    for (const s of m.snapshots) {
      if (s.sequenceNumber > m.lastSequenceNumber) {
        throw dataInvalid(`snapshot ${s.snapshotId} has a sequence number above last-sequence-number`, ctx);
      }
    }
  }
  const maxColumn = m.schemas.reduce((a, s) => Math.max(a, highestFieldId(s)), 0);
  if (maxColumn > m.lastColumnId)
    throw dataInvalid(`last-column-id ${m.lastColumnId} is below field id ${maxColumn}`, ctx);
  return Object.freeze({
    ...m,
    schemas: Object.freeze([...m.schemas]),
    partitionSpecs: Object.freeze([...m.partitionSpecs]),
    sortOrders: Object.freeze([...m.sortOrders]),
    properties: Object.freeze({ ...m.properties }),
    snapshots: Object.freeze([...m.snapshots]),
    snapshotLog: Object.freeze([...m.snapshotLog]),
    metadataLog: Object.freeze([...m.metadataLog]),
    refs: Object.freeze({ ...m.refs }),
    statistics: Object.freeze([...m.statistics]),
    partitionStatistics: Object.freeze([...m.partitionStatistics]),
  });
}

type Json = Record<string, unknown>;
const num = (o: Json, key: string): number => {
  const v = o[key];
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw dataInvalid(`table metadata field ${key} must be a number`);
  return n;
};
const str = (o: Json, key: string): string => {
  const v = o[key];
  if (typeof v !== 'string') throw dataInvalid(`table metadata field ${key} must be a string`);
  return v;
};

const long = z.union([z.number().int(), z.bigint(), z.string().regex(/^-?\d+$/)]);
const list = z.array(z.unknown());
/** The outer shape of table metadata JSON; nested schemas, specs and snapshots are checked by their own parsers. */
const tableMetadataWireSchema = z.looseObject({
  'format-version': z.number().int(),
  'table-uuid': z.string(),
  location: z.string(),
  'last-sequence-number': long.optional(),
  'last-updated-ms': long,
  'last-column-id': z.number().int(),
  schemas: list.optional(),
  schema: z.unknown().optional(),
  'current-schema-id': z.number().int().optional(),
  'partition-specs': list.optional(),
  'partition-spec': list.optional(),
  'default-spec-id': z.number().int().optional(),
  'last-partition-id': z.number().int().optional(),
  'sort-orders': list.optional(),
  'default-sort-order-id': z.number().int().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  'current-snapshot-id': long.nullable().optional(),
  snapshots: list.optional(),
  // log entries are checked one by one below (a zod object per entry costs too much with 5,000 snapshots)
  'snapshot-log': list.optional(),
  'metadata-log': list.optional(),
  refs: z.record(z.string(), z.unknown()).optional(),
});

/** Pass-through objects (statistics files): every `snapshot-id` becomes a bigint. */
function longSnapshotIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(longSnapshotIds);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Json).map(([k, v]) => [
      k,
      k === 'snapshot-id' && (typeof v === 'string' || typeof v === 'number') ? toLong(v, k) : longSnapshotIds(v),
    ]),
  );
}

/**
 * Fast lossless parse of a table metadata file: the only 64-bit values that may exceed 2^53 are
 * snapshot ids (`snapshot-id`, `parent-snapshot-id`, `current-snapshot-id` keys), so those are quoted
 * before the native parser runs and converted to bigint by the model. A key with unescaped quotes
 * followed by a colon cannot occur inside a JSON string literal.
 */
const SNAPSHOT_ID_VALUE = /(?<!\\)"((?:parent-|current-)?snapshot-id)"(\s*):(\s*)(-?\d+)/g;

export function parseTableMetadata(text: string, source = 'table metadata'): TableMetadata {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(SNAPSHOT_ID_VALUE, '"$1"$2:$3"$4"'));
  } catch (error) {
    throw dataInvalid(`cannot parse ${source}: ${(error as Error).message}`, { source }, error);
  }
  return tableMetadataFromWire(parsed);
}

/** Parses the wire form (kebab-case JSON, v1 or v2) into the checked model. */
export function tableMetadataFromWire(wire: unknown): TableMetadata {
  if (typeof wire !== 'object' || wire === null) throw dataInvalid('table metadata must be a JSON object');
  const checked = tableMetadataWireSchema.safeParse(wire);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw dataInvalid(`invalid table metadata at ${issue.path.join('.') || '(root)'}: ${issue.message}`, {
      field: issue.path.join('.'),
    });
  }
  const o = wire as Json;
  const version = num(o, 'format-version');
  if (version !== 1 && version !== 2) {
    throw featureUnsupported(`table format version ${version} is not supported (1 and 2 are)`, { version });
  }
  const schemas = Array.isArray(o.schemas) ? o.schemas.map(schemaFromWire) : [schemaFromWire(o.schema)];
  const currentSchemaId = o['current-schema-id'] !== undefined ? num(o, 'current-schema-id') : schemas[0]!.schemaId;
  const specs = Array.isArray(o['partition-specs'])
    ? o['partition-specs'].map(partitionSpecFromWire)
    : [partitionSpecFromWire({ 'spec-id': 0, fields: o['partition-spec'] ?? [] })];
  const defaultSpecId = o['default-spec-id'] !== undefined ? num(o, 'default-spec-id') : specs[0]!.specId;
  const lastPartitionId =
    o['last-partition-id'] !== undefined
      ? num(o, 'last-partition-id')
      : specs.flatMap((s) => s.fields.map((f) => f.fieldId)).reduce((a, b) => Math.max(a, b), 999);
  const sortOrders = Array.isArray(o['sort-orders']) ? o['sort-orders'].map(sortOrderFromWire) : [UNSORTED];
  const snapshots = Array.isArray(o.snapshots) ? o.snapshots.map(snapshotFromWire) : [];
  const rawCurrent = o['current-snapshot-id'];
  const current =
    rawCurrent === undefined || rawCurrent === null ? undefined : toLong(rawCurrent, 'current-snapshot-id');
  const refsWire = (o.refs ?? {}) as Json;
  const refs: Record<string, SnapshotRef> = {};
  for (const [name, r] of Object.entries(refsWire)) refs[name] = refFromWire(r, name);
  const currentSnapshotId = current === -1n ? undefined : current;
  if (currentSnapshotId !== undefined && refs[MAIN_BRANCH] === undefined) {
    refs[MAIN_BRANCH] = { snapshotId: currentSnapshotId, type: 'branch' };
  }
  const props = (o.properties ?? {}) as Record<string, unknown>;
  const properties: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) properties[k] = String(v);
  return makeTableMetadata({
    formatVersion: version,
    tableUuid: str(o, 'table-uuid'),
    location: str(o, 'location'),
    lastSequenceNumber:
      o['last-sequence-number'] === undefined ? 0n : toLong(o['last-sequence-number'], 'last-sequence-number'),
    lastUpdatedMs: num(o, 'last-updated-ms'),
    lastColumnId: num(o, 'last-column-id'),
    schemas,
    currentSchemaId,
    partitionSpecs: specs,
    defaultSpecId,
    lastPartitionId,
    sortOrders,
    defaultSortOrderId: o['default-sort-order-id'] !== undefined ? num(o, 'default-sort-order-id') : 0,
    properties,
    currentSnapshotId,
    snapshots,
    snapshotLog: ((o['snapshot-log'] ?? []) as Json[]).map((e) => ({
      snapshotId: toLong(e['snapshot-id'], 'snapshot-log.snapshot-id'),
      timestampMs: num(e, 'timestamp-ms'),
    })),
    metadataLog: ((o['metadata-log'] ?? []) as Json[]).map((e) => ({
      metadataFile: str(e, 'metadata-file'),
      timestampMs: num(e, 'timestamp-ms'),
    })),
    refs,
    statistics: Array.isArray(o.statistics) ? o.statistics.map(longSnapshotIds) : [],
    partitionStatistics: Array.isArray(o['partition-statistics']) ? o['partition-statistics'].map(longSnapshotIds) : [],
  });
}

/** Serialises the model to the wire form (always written as format v2 unless the table is v1). */
export function tableMetadataToWire(m: TableMetadata): Record<string, unknown> {
  const v1 = m.formatVersion === 1;
  const current = m.schemas.find((s) => s.schemaId === m.currentSchemaId)!;
  const spec = m.partitionSpecs.find((s) => s.specId === m.defaultSpecId)!;
  return {
    'format-version': m.formatVersion,
    'table-uuid': m.tableUuid,
    location: m.location,
    ...(v1 ? {} : { 'last-sequence-number': m.lastSequenceNumber }),
    'last-updated-ms': m.lastUpdatedMs,
    'last-column-id': m.lastColumnId,
    ...(v1 ? { schema: schemaToWire(current) } : {}),
    'current-schema-id': m.currentSchemaId,
    schemas: m.schemas.map(schemaToWire),
    ...(v1 ? { 'partition-spec': partitionSpecToWire(spec).fields } : {}),
    'default-spec-id': m.defaultSpecId,
    'partition-specs': m.partitionSpecs.map(partitionSpecToWire),
    'last-partition-id': m.lastPartitionId,
    'default-sort-order-id': m.defaultSortOrderId,
    'sort-orders': m.sortOrders.map(sortOrderToWire),
    properties: { ...m.properties },
    'current-snapshot-id': m.currentSnapshotId ?? -1,
    refs: Object.fromEntries(Object.entries(m.refs).map(([k, r]) => [k, refToWire(r)])),
    snapshots: m.snapshots.map(snapshotToWire),
    statistics: [...m.statistics],
    'partition-statistics': [...m.partitionStatistics],
    'snapshot-log': m.snapshotLog.map((e) => ({ 'snapshot-id': e.snapshotId, 'timestamp-ms': e.timestampMs })),
    'metadata-log': m.metadataLog.map((e) => ({ 'metadata-file': e.metadataFile, 'timestamp-ms': e.timestampMs })),
  };
}

export function currentSchema(m: TableMetadata): Schema {
  return m.schemas.find((s) => s.schemaId === m.currentSchemaId)!;
}
export function schemaById(m: TableMetadata, id: number): Schema | undefined {
  return m.schemas.find((s) => s.schemaId === id);
}
export function defaultSpec(m: TableMetadata): PartitionSpec {
  return m.partitionSpecs.find((s) => s.specId === m.defaultSpecId)!;
}
export function specById(m: TableMetadata, id: number): PartitionSpec | undefined {
  return m.partitionSpecs.find((s) => s.specId === id);
}
export function snapshotById(m: TableMetadata, id: bigint): Snapshot | undefined {
  return m.snapshots.find((s) => s.snapshotId === id);
}
export function currentSnapshot(m: TableMetadata): Snapshot | undefined {
  const id = m.refs[MAIN_BRANCH]?.snapshotId ?? m.currentSnapshotId;
  return id === undefined ? undefined : snapshotById(m, id);
}
/** The snapshot that was current at `timestampMs` (from the snapshot log). */
export function snapshotAsOf(m: TableMetadata, timestampMs: number): Snapshot | undefined {
  let found: bigint | undefined;
  for (const e of m.snapshotLog) if (e.timestampMs <= timestampMs) found = e.snapshotId;
  return found === undefined ? undefined : snapshotById(m, found);
}
