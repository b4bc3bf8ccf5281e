import { EntryStatus, type ManifestEntry } from '../spec/manifest.js';
import type { ManifestFile } from '../spec/manifest-list.js';
import { specById } from '../spec/table-metadata.js';
import { readManifestEntries, readManifestList, writeManifest } from './manifests.js';
import type { SnapshotChange } from './snapshot-producer.js';

export interface RewriteManifestsOptions {
  /** Entries per new manifest (default 50,000). */
  entriesPerManifest?: number;
  /** Only rewrite when the snapshot has at least this many data manifests (default 2). */
  minManifests?: number;
}

/**
 * Rewrites the data manifests of the current snapshot into few large ones (operation `replace`):
 * live entries become EXISTING with their snapshot id and sequence numbers kept; delete manifests
 * are carried over. Keeps planning cost flat after thousands of small appends.
 */
export function rewriteManifests(options: RewriteManifestsOptions = {}): SnapshotChange {
  const per = options.entriesPerManifest ?? 50_000;
  return {
    operation: 'replace',
    async build(ctx, parent) {
      const existing = parent ? await readManifestList(ctx.io, parent) : [];
      const data = existing.filter((m) => m.content === 0);
      const deletes = existing.filter((m) => m.content !== 0);
      if (data.length < (options.minManifests ?? 2)) return { manifests: existing, delta: {} };
      const bySpec = new Map<number, ManifestEntry[]>();
      const all = await Promise.all(
        data.map((m) => readManifestEntries(ctx.io, ctx.metadata, m).then((es) => ({ m, es }))),
      );
      for (const { m, es } of all) {
        const list = bySpec.get(m.partitionSpecId) ?? [];
        for (const e of es) if (e.status !== EntryStatus.Deleted) list.push({ ...e, status: EntryStatus.Existing });
        bySpec.set(m.partitionSpecId, list);
      }
      const manifests: ManifestFile[] = [];
      for (const [specId, entries] of bySpec) {
        const spec = specById(ctx.metadata, specId)!;
        for (let i = 0; i < entries.length; i += per) {
          manifests.push(await writeManifest(ctx, spec, entries.slice(i, i + per)));
        }
      }
      return { manifests: [...manifests, ...deletes], delta: {} };
    },
    properties: { 'manifests-rewritten': 'true' },
  };
}
