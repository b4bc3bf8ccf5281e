import { DataContent, type DataFile, EntryStatus } from '../spec/manifest.js';
import type { ManifestFile } from '../spec/manifest-list.js';
import { defaultSpec } from '../spec/table-metadata.js';
import { readManifestList, writeManifest } from './manifests.js';
import type { SnapshotChange } from './snapshot-producer.js';

/**
 * Row delta: adds delete files (position or equality deletes, merge-on-read) and optionally data
 * files in one snapshot. Deletes apply to data with a lower sequence number (position deletes: lower
 * or equal), so rows added by the same snapshot are not deleted by its equality deletes.
 */
export function rowDelta(deleteFiles: readonly DataFile[], dataFiles: readonly DataFile[] = []): SnapshotChange {
  let deletesManifest: ManifestFile | undefined;
  let dataManifest: ManifestFile | undefined;
  return {
    operation: dataFiles.length > 0 ? 'overwrite' : 'delete',
    async build(ctx, parent) {
      const spec = defaultSpec(ctx.metadata);
      const added = (files: readonly DataFile[]) =>
        files.map((dataFile) => ({ status: EntryStatus.Added, snapshotId: ctx.snapshotId, dataFile }));
      if (!deletesManifest && deleteFiles.length > 0) {
        deletesManifest = await writeManifest(ctx, spec, added(deleteFiles), 'deletes');
      }
      if (!dataManifest && dataFiles.length > 0) dataManifest = await writeManifest(ctx, spec, added(dataFiles));
      const fresh = [dataManifest, deletesManifest]
        .filter((m): m is ManifestFile => m !== undefined)
        .map((m) => ({ ...m, sequenceNumber: ctx.sequenceNumber, minSequenceNumber: ctx.sequenceNumber }));
      const existing = parent ? await readManifestList(ctx.io, parent) : [];
      return {
        manifests: [...fresh, ...existing],
        delta: {
          addedDataFiles: dataFiles.length,
          addedRecords: dataFiles.reduce((a, f) => a + f.recordCount, 0),
          addedFilesSize: [...dataFiles, ...deleteFiles].reduce((a, f) => a + f.fileSizeInBytes, 0),
          addedDeleteFiles: deleteFiles.length,
          addedPositionDeletes: deleteFiles
            .filter((f) => f.content === DataContent.PositionDeletes)
            .reduce((a, f) => a + f.recordCount, 0),
          addedEqualityDeletes: deleteFiles
            .filter((f) => f.content === DataContent.EqualityDeletes)
            .reduce((a, f) => a + f.recordCount, 0),
        },
      };
    },
  };
}
