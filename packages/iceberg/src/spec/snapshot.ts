import { dataInvalid } from '../errors.js';

export type SnapshotOperation = 'append' | 'replace' | 'overwrite' | 'delete';

export interface Snapshot {
  readonly snapshotId: bigint;
  readonly parentSnapshotId?: bigint | undefined;
  readonly sequenceNumber: bigint;
  readonly timestampMs: number;
  readonly manifestList: string;
  readonly summary: Readonly<Record<string, string>> & { readonly operation: SnapshotOperation };
  readonly schemaId?: number | undefined;
}

export interface SnapshotRef {
  readonly snapshotId: bigint;
  readonly type: 'branch' | 'tag';
  readonly maxRefAgeMs?: number | undefined;
  readonly maxSnapshotAgeMs?: number | undefined;
  readonly minSnapshotsToKeep?: number | undefined;
}

export const MAIN_BRANCH = 'main';

/** A long from the wire: number (safe) or bigint (lossless parse). */
export function toLong(value: unknown, field: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw dataInvalid(`${field} must be a 64-bit integer`, { field, value: String(value) });
}

const optNum = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

export function snapshotFromWire(wire: unknown): Snapshot {
  const o = wire as Record<string, unknown>;
  if (typeof o !== 'object' || o === null) throw dataInvalid('snapshot must be an object');
  const summary = (o.summary ?? { operation: 'append' }) as Record<string, string>;
  const op = summary.operation;
  if (op !== 'append' && op !== 'replace' && op !== 'overwrite' && op !== 'delete') {
    throw dataInvalid(`snapshot has unknown operation ${String(op)}`, { snapshotId: String(o['snapshot-id']) });
  }
  if (typeof o['manifest-list'] !== 'string') {
    throw dataInvalid('snapshot without manifest-list (v1 embedded manifests are not supported)', {
      snapshotId: String(o['snapshot-id']),
    });
  }
  const parent = o['parent-snapshot-id'];
  return Object.freeze({
    snapshotId: toLong(o['snapshot-id'], 'snapshot-id'),
    parentSnapshotId: parent === undefined || parent === null ? undefined : toLong(parent, 'parent-snapshot-id'),
    sequenceNumber: o['sequence-number'] === undefined ? 0n : toLong(o['sequence-number'], 'sequence-number'),
    timestampMs: Number(toLong(o['timestamp-ms'], 'timestamp-ms')),
    manifestList: o['manifest-list'],
    summary: Object.freeze({ ...summary, operation: op }),
    schemaId: optNum(o['schema-id']),
  });
}

export function snapshotToWire(s: Snapshot): Record<string, unknown> {
  return {
    'snapshot-id': s.snapshotId,
    ...(s.parentSnapshotId !== undefined ? { 'parent-snapshot-id': s.parentSnapshotId } : {}),
    'sequence-number': s.sequenceNumber,
    'timestamp-ms': s.timestampMs,
    'manifest-list': s.manifestList,
    summary: { ...s.summary },
    ...(s.schemaId !== undefined ? { 'schema-id': s.schemaId } : {}),
  };
}

export function refFromWire(wire: unknown, name: string): SnapshotRef {
  const o = wire as Record<string, unknown>;
  if (typeof o !== 'object' || o === null || (o.type !== 'branch' && o.type !== 'tag')) {
    throw dataInvalid(`invalid snapshot ref ${name}`, { ref: name });
  }
  return Object.freeze({
    snapshotId: toLong(o['snapshot-id'], `refs.${name}.snapshot-id`),
    type: o.type,
    maxRefAgeMs: optNum(o['max-ref-age-ms']),
    maxSnapshotAgeMs: optNum(o['max-snapshot-age-ms']),
    minSnapshotsToKeep: optNum(o['min-snapshots-to-keep']),
  });
}

export function refToWire(r: SnapshotRef): Record<string, unknown> {
  return {
    'snapshot-id': r.snapshotId,
    type: r.type,
    ...(r.maxRefAgeMs !== undefined ? { 'max-ref-age-ms': r.maxRefAgeMs } : {}),
    ...(r.maxSnapshotAgeMs !== undefined ? { 'max-snapshot-age-ms': r.maxSnapshotAgeMs } : {}),
    ...(r.minSnapshotsToKeep !== undefined ? { 'min-snapshots-to-keep': r.minSnapshotsToKeep } : {}),
  };
}
