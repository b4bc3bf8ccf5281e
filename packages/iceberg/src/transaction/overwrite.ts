import { type DataFile, EntryStatus, type ManifestEntry } from '../spec/manifest.js';
import type { ManifestFile } from '../spec/manifest-list.js';
import { defaultSpec, specById } from '../spec/table-metadata.js';
import { readManifestEntries, readManifestList, writeManifest } from './manifests.js';
import type { SnapshotChange, SummaryDelta } from './snapshot-producer.js';

export type OverwriteMode = 'all' | 'partitions';

const key = (specId: number, partition: readonly unknown[]) =>
  `${specId}:${JSON.stringify(partition, (_, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v))}`;

/**
 * Overwrite: adds `files` and deletes every live file of the parent (`all`) or the live files in the
 * partitions that `files` touch (`partitions`, dynamic partition overwrite). Deleted entries are
 * written as DELETED in rewritten manifests; untouched manifests are carried over as they are.
 */
export function overwriteFiles(
  files: readonly DataFile[],
  mode: OverwriteMode,
  properties?: Record<string, string>,
): SnapshotChange {
  let added: ManifestFile | undefined;
  return {
    operation: 'overwrite',
    properties,
    async build(ctx, parent) {
      const spec = defaultSpec(ctx.metadata);
      if (!added && files.length > 0) {
        added = await writeManifest(
          ctx,
          spec,
          files.map((dataFile) => ({ status: EntryStatus.Added, snapshotId: ctx.snapshotId, dataFile })),
        );
      }
      const touched = new Set(files.map((f) => key(spec.specId, f.partition)));
      const delta: SummaryDelta = {
        addedDataFiles: files.length,
        addedRecords: files.reduce((a, f) => a + f.recordCount, 0),
        addedFilesSize: files.reduce((a, f) => a + f.fileSizeInBytes, 0),
        deletedDataFiles: 0,
        deletedRecords: 0,
        removedFilesSize: 0,
        removedDeleteFiles: 0,
      };
      const manifests: ManifestFile[] = added
        ? [{ ...added, sequenceNumber: ctx.sequenceNumber, minSequenceNumber: ctx.sequenceNumber }]
        : [];
      for (const m of parent ? await readManifestList(ctx.io, parent) : []) {
        const entries = await readManifestEntries(ctx.io, ctx.metadata, m);
        const live = entries.filter((e) => e.status !== EntryStatus.Deleted);
        const hit = (e: ManifestEntry) => mode === 'all' || touched.has(key(m.partitionSpecId, e.dataFile.partition));
        if (!live.some(hit)) {
          if (live.length > 0) manifests.push(m);
          continue;
        }
        const rewritten: ManifestEntry[] = live.map((e) => {
          if (!hit(e)) return { ...e, status: EntryStatus.Existing };
          if (e.dataFile.content === 0) {
            delta.deletedDataFiles! += 1;
            delta.deletedRecords! += e.dataFile.recordCount;
            delta.removedFilesSize! += e.dataFile.fileSizeInBytes;
          } else delta.removedDeleteFiles! += 1;
          return { ...e, status: EntryStatus.Deleted, snapshotId: ctx.snapshotId };
        });
        const mSpec = specById(ctx.metadata, m.partitionSpecId) ?? spec;
        manifests.push(await writeManifest(ctx, mSpec, rewritten, m.content === 0 ? 'data' : 'deletes'));
      }
      return { manifests, delta };
    },
  };
}
