import { MAIN_BRANCH, type Snapshot } from '../spec/snapshot.js';
import type { TableMetadata } from '../spec/table-metadata.js';
import type { TableCommit } from '../spec/updates.js';

export interface ExpireSnapshotsOptions {
  /** Expire snapshots older than this (epoch ms). Default: history.expire.max-snapshot-age-ms or 5 days ago. */
  olderThanMs?: number;
  /** Always keep at least this many of the newest snapshots on main (default history.expire.min-snapshots-to-keep or 1). */
  retainLast?: number;
}

/** Which snapshots to expire: old ones that are neither ref heads nor among the newest `retainLast` of main. */
export function snapshotsToExpire(metadata: TableMetadata, options: ExpireSnapshotsOptions = {}): Snapshot[] {
  const props = metadata.properties;
  const olderThan =
    options.olderThanMs ?? Date.now() - Number(props['history.expire.max-snapshot-age-ms'] ?? 5 * 24 * 3_600_000);
  const retain = Math.max(1, options.retainLast ?? Number(props['history.expire.min-snapshots-to-keep'] ?? 1));
  const keep = new Set<bigint>(Object.values(metadata.refs).map((r) => r.snapshotId));
  const byId = new Map(metadata.snapshots.map((s) => [s.snapshotId, s]));
  let cursor = metadata.refs[MAIN_BRANCH]?.snapshotId ?? metadata.currentSnapshotId;
  for (let i = 0; cursor !== undefined && i < retain; i++) {
    keep.add(cursor);
    cursor = byId.get(cursor)?.parentSnapshotId;
  }
  return metadata.snapshots.filter((s) => !keep.has(s.snapshotId) && s.timestampMs < olderThan);
}

/** The commit that removes `snapshots` (asserting the table is still the same table). */
export function expireSnapshotsCommit(metadata: TableMetadata, snapshots: readonly Snapshot[]): TableCommit {
  return {
    requirements: [{ type: 'assert-table-uuid', uuid: metadata.tableUuid }],
    updates:
      snapshots.length === 0
        ? []
        : [{ action: 'remove-snapshots', 'snapshot-ids': snapshots.map((s) => s.snapshotId) }],
  };
}
