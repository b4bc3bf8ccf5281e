import { expect } from 'vitest';
import { EntryStatus } from '../src/spec/manifest.js';
import type { Table } from '../src/table.js';
import { readManifestEntries, readManifestList } from '../src/transaction/manifests.js';

/**
 * Checks an append-only table: every snapshot's files exist, each snapshot has exactly one more file
 * than its parent, no data file appears twice. Returns the live file paths of the current snapshot.
 */
export async function verifyAppendOnlyHistory(table: Table): Promise<string[]> {
  const cache = new Map<string, Promise<string[]>>();
  const byId = new Map(table.snapshots().map((s) => [s.snapshotId, s]));
  let current: string[] = [];
  for (const s of table.snapshots()) {
    const files: string[] = [];
    for (const m of await readManifestList(table.io, s)) {
      if (!cache.has(m.manifestPath)) {
        cache.set(
          m.manifestPath,
          readManifestEntries(table.io, table.metadata, m).then((es) =>
            es.filter((e) => e.status !== EntryStatus.Deleted).map((e) => e.dataFile.filePath),
          ),
        );
      }
      files.push(...(await cache.get(m.manifestPath)!));
    }
    expect(new Set(files).size).toBe(files.length);
    const parent = s.parentSnapshotId === undefined ? undefined : byId.get(s.parentSnapshotId);
    expect(Number(s.summary['total-data-files'])).toBe(files.length);
    if (parent) expect(files.length).toBe(Number(parent.summary['total-data-files']) + 1);
    if (s.snapshotId === table.currentSnapshot()?.snapshotId) current = files;
  }
  await Promise.all(current.map(async (f) => expect(await table.io.exists(f)).toBe(true)));
  return current;
}
