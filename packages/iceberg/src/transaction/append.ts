import { type DataFile, EntryStatus } from '../spec/manifest.js';
import type { ManifestFile } from '../spec/manifest-list.js';
import { defaultSpec } from '../spec/table-metadata.js';
import { readManifestList, writeManifest } from './manifests.js';
import type { SnapshotChange } from './snapshot-producer.js';

/**
 * Fast append: one new manifest with the added files, plus the parent's manifests unchanged.
 * The new manifest is written once and reused on retries (its entries inherit the sequence number).
 */
export function fastAppend(files: readonly DataFile[], properties?: Record<string, string>): SnapshotChange {
  let written: ManifestFile | undefined;
  return {
    operation: 'append',
    properties,
    async build(ctx, parent) {
      const spec = defaultSpec(ctx.metadata);
      if (!written && files.length > 0) {
        written = await writeManifest(
          ctx,
          spec,
          files.map((dataFile) => ({ status: EntryStatus.Added, snapshotId: ctx.snapshotId, dataFile })),
        );
      }
      const added = written
        ? [{ ...written, sequenceNumber: ctx.sequenceNumber, minSequenceNumber: ctx.sequenceNumber }]
        : [];
      const existing = parent ? await readManifestList(ctx.io, parent) : [];
      const partitions = new Set(
        files.map((f) => JSON.stringify(f.partition, (_, v) => (typeof v === 'bigint' ? String(v) : v))),
      );
      return {
        manifests: [...added, ...existing],
        delta: {
          addedDataFiles: files.length,
          addedRecords: files.reduce((a, f) => a + f.recordCount, 0),
          addedFilesSize: files.reduce((a, f) => a + f.fileSizeInBytes, 0),
          changedPartitionCount: partitions.size,
        },
      };
    },
  };
}
