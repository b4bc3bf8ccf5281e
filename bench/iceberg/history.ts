import {
  applyUpdates,
  type Catalog,
  type DataFile,
  fastAppend,
  type LoadedTable,
  produceSnapshot,
  rewriteManifests,
  type Schema,
  type SnapshotChange,
  type TableIdentifier,
  type TableUpdate,
} from '@floe/iceberg';

/**
 * Builds a table history of `snapshots` snapshots holding `files` live data files in total, quickly,
 * for the metadata-read benchmark: the appends share the files evenly (entries all point at the same
 * Parquet file, whose content is never read here),
 * manifests are rewritten every 50 appends (as an operator would), and snapshots are committed to the
 * catalog in batches of 250 (one commit may carry many add-snapshot updates).
 */
export async function buildHistory(
  catalog: Catalog,
  id: TableIdentifier,
  schema: Schema,
  sample: DataFile,
  snapshots: number,
  files: number,
): Promise<void> {
  const rewrites = Math.floor(snapshots / 51) + 1;
  const appends = snapshots - rewrites;
  let added = 0;
  let loaded: LoadedTable = await catalog.createTable(id, { schema });
  const io = catalog.fileIO(loaded.metadata.location);
  let local = loaded.metadata;
  let pending: TableUpdate[] = [];
  let base = loaded;
  const step = async (change: SnapshotChange) => {
    const produced = await produceSnapshot(local, io, change, { attempt: 0 });
    local = applyUpdates(local, produced.updates);
    pending.push(...produced.updates);
  };
  for (let i = 1; local.snapshots.length < snapshots; i++) {
    const last = local.snapshots.length === snapshots - 1;
    if (i % 51 === 0 || last) await step(rewriteManifests());
    else {
      const n = Math.round(((i - Math.floor(i / 51)) * files) / appends) - added;
      const batch = Array.from({ length: n }, (_, k) => ({ ...sample, filePath: `${sample.filePath}#${added + k}` }));
      added += n;
      await step(fastAppend(batch));
    }
    if (pending.length >= 500 || local.snapshots.length === snapshots) {
      const main = base.metadata.refs.main?.snapshotId ?? null;
      loaded = await catalog.commitTable(id, {
        requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': main }],
        updates: pending,
      });
      base = loaded;
      local = loaded.metadata;
      pending = [];
    }
  }
}
