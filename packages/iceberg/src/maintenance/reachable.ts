import type { FileIO } from '../io/file-io.js';
import { EntryStatus } from '../spec/manifest.js';
import type { Snapshot } from '../spec/snapshot.js';
import type { TableMetadata } from '../spec/table-metadata.js';
import { readManifestEntries, readManifestList } from '../transaction/manifests.js';

export interface ReachableFiles {
  manifestLists: Set<string>;
  manifests: Set<string>;
  dataFiles: Set<string>;
}

/** Every file the given snapshots reference (manifest lists, manifests, live data and delete files). */
export async function reachableFiles(
  io: FileIO,
  metadata: TableMetadata,
  snapshots: readonly Snapshot[],
): Promise<ReachableFiles> {
  const out: ReachableFiles = { manifestLists: new Set(), manifests: new Set(), dataFiles: new Set() };
  const seenManifests = new Map<string, Promise<void>>();
  for (const s of snapshots) {
    out.manifestLists.add(s.manifestList);
    for (const m of await readManifestList(io, s)) {
      out.manifests.add(m.manifestPath);
      if (!seenManifests.has(m.manifestPath)) {
        seenManifests.set(
          m.manifestPath,
          readManifestEntries(io, metadata, m).then((entries) => {
            for (const e of entries) if (e.status !== EntryStatus.Deleted) out.dataFiles.add(e.dataFile.filePath);
          }),
        );
      }
    }
  }
  await Promise.all(seenManifests.values());
  return out;
}
