import { randomUUID } from 'node:crypto';
import type { FileIO } from '../io/file-io.js';
import type { ManifestFile } from '../spec/manifest-list.js';
import { MAIN_BRANCH, type Snapshot, type SnapshotOperation } from '../spec/snapshot.js';
import { currentSnapshot, type TableMetadata } from '../spec/table-metadata.js';
import type { TableCommit } from '../spec/updates.js';
import { finishUploads, type ManifestWriteContext, newSnapshotId, writeManifestList } from './manifests.js';

export interface SummaryDelta {
  addedDataFiles?: number;
  deletedDataFiles?: number;
  addedDeleteFiles?: number;
  removedDeleteFiles?: number;
  addedRecords?: number;
  deletedRecords?: number;
  addedFilesSize?: number;
  removedFilesSize?: number;
  changedPartitionCount?: number;
  addedPositionDeletes?: number;
  addedEqualityDeletes?: number;
}

/** One kind of table change (append, overwrite, rewrite...). `build` runs again on every commit attempt. */
export interface SnapshotChange {
  readonly operation: SnapshotOperation;
  build(
    ctx: ManifestWriteContext,
    parent: Snapshot | undefined,
  ): Promise<{ manifests: ManifestFile[]; delta: SummaryDelta }>;
  /** Extra summary properties. */
  readonly properties?: Record<string, string>;
}

export interface ProducedSnapshot extends TableCommit {
  snapshotId: bigint;
  manifestList: string;
}

function totals(parent: Snapshot | undefined, d: SummaryDelta): Record<string, string> {
  const prev = (k: string) => Number(parent?.summary[k] ?? 0);
  const out: Record<string, string> = {};
  const put = (k: string, v: number | undefined) => {
    if (v) out[k] = String(v);
  };
  put('added-data-files', d.addedDataFiles);
  put('deleted-data-files', d.deletedDataFiles);
  put('added-delete-files', d.addedDeleteFiles);
  put('removed-delete-files', d.removedDeleteFiles);
  put('added-records', d.addedRecords);
  put('deleted-records', d.deletedRecords);
  put('added-files-size', d.addedFilesSize);
  put('removed-files-size', d.removedFilesSize);
  put('changed-partition-count', d.changedPartitionCount);
  out['total-records'] = String(prev('total-records') + (d.addedRecords ?? 0) - (d.deletedRecords ?? 0));
  out['total-files-size'] = String(prev('total-files-size') + (d.addedFilesSize ?? 0) - (d.removedFilesSize ?? 0));
  out['total-data-files'] = String(prev('total-data-files') + (d.addedDataFiles ?? 0) - (d.deletedDataFiles ?? 0));
  out['total-delete-files'] = String(
    prev('total-delete-files') + (d.addedDeleteFiles ?? 0) - (d.removedDeleteFiles ?? 0),
  );
  put('added-position-deletes', d.addedPositionDeletes);
  put('added-equality-deletes', d.addedEqualityDeletes);
  out['total-position-deletes'] = String(prev('total-position-deletes') + (d.addedPositionDeletes ?? 0));
  out['total-equality-deletes'] = String(prev('total-equality-deletes') + (d.addedEqualityDeletes ?? 0));
  return out;
}

/**
 * Produces the requirements and updates of one snapshot on top of `metadata`'s main branch.
 * The snapshot id stays the same across attempts so manifests written earlier can be reused.
 */
export async function produceSnapshot(
  metadata: TableMetadata,
  io: FileIO,
  change: SnapshotChange,
  state: { snapshotId?: bigint; commitId?: string; attempt: number },
): Promise<ProducedSnapshot> {
  state.snapshotId ??= newSnapshotId();
  state.commitId ??= randomUUID();
  const parent = currentSnapshot(metadata);
  const sequenceNumber = metadata.lastSequenceNumber + 1n;
  const ctx: ManifestWriteContext = {
    io,
    metadata,
    snapshotId: state.snapshotId,
    sequenceNumber,
    commitId: state.commitId,
    pending: [],
  };
  const { manifests, delta } = await change.build(ctx, parent);
  const manifestList = await writeManifestList(ctx, manifests, parent?.snapshotId, state.attempt);
  // The new manifests and the manifest list go up together; the commit waits for all of them.
  await finishUploads(ctx);
  const summary = { operation: change.operation, ...(change.properties ?? {}), ...totals(parent, delta) };
  return {
    snapshotId: state.snapshotId,
    manifestList,
    requirements: [
      { type: 'assert-table-uuid', uuid: metadata.tableUuid },
      { type: 'assert-ref-snapshot-id', ref: MAIN_BRANCH, 'snapshot-id': parent?.snapshotId ?? null },
    ],
    updates: [
      {
        action: 'add-snapshot',
        snapshot: {
          'snapshot-id': state.snapshotId,
          ...(parent ? { 'parent-snapshot-id': parent.snapshotId } : {}),
          'sequence-number': sequenceNumber,
          'timestamp-ms': Math.max(Date.now(), metadata.lastUpdatedMs),
          'manifest-list': manifestList,
          summary,
          'schema-id': metadata.currentSchemaId,
        },
      },
      { action: 'set-snapshot-ref', 'ref-name': MAIN_BRANCH, type: 'branch', 'snapshot-id': state.snapshotId },
    ],
  };
}
