import type { FileIO } from '../io/file-io.js';
import { toLocalPath } from '../io/local.js';
import type { TableMetadata } from '../spec/table-metadata.js';
import { reachableFiles } from './reachable.js';

export interface RemoveOrphanFilesOptions {
  /** Only files last modified before this time are removed (default: 3 days ago), so in-flight writes survive. */
  olderThanMs?: number;
  dryRun?: boolean;
}

const norm = (location: string) => (location.startsWith('file:') ? toLocalPath(location) : location);

/**
 * Deletes files under the table location that no snapshot and no metadata file references
 * (left by failed or killed writers). Returns the removed (or, with dryRun, removable) files.
 */
export async function removeOrphanFiles(
  io: FileIO,
  metadata: TableMetadata,
  metadataLocation: string,
  options: RemoveOrphanFilesOptions = {},
): Promise<string[]> {
  const olderThan = options.olderThanMs ?? Date.now() - 3 * 24 * 3_600_000;
  const reachable = await reachableFiles(io, metadata, metadata.snapshots);
  const keep = new Set<string>(
    [
      metadataLocation,
      ...metadata.metadataLog.map((e) => e.metadataFile),
      ...reachable.manifestLists,
      ...reachable.manifests,
      ...reachable.dataFiles,
    ].map(norm),
  );
  // The trailing slash: `<location>/`, so a table `orders` never lists the files of `orders_v2` beside it.
  const orphans = (await io.list(`${metadata.location.replace(/\/+$/, '')}/`))
    .filter((f) => !keep.has(norm(f.location)) && f.modifiedMs < olderThan)
    .map((f) => f.location);
  if (!options.dryRun) await Promise.all(orphans.map((f) => io.delete(f)));
  return orphans;
}
