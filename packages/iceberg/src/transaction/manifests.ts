import { randomBytes } from 'node:crypto';
import type { FileIO } from '../io/file-io.js';
import {
  type DataFile,
  decodeManifest,
  EntryStatus,
  encodeManifest,
  type ManifestEntry,
  partitionFieldTypes,
} from '../spec/manifest.js';
import { decodeManifestList, encodeManifestList, type FieldSummary, type ManifestFile } from '../spec/manifest-list.js';
import type { PartitionSpec } from '../spec/partition.js';
import type { Schema } from '../spec/schema.js';
import type { Snapshot } from '../spec/snapshot.js';
import { currentSchema, specById, type TableMetadata } from '../spec/table-metadata.js';
import { compareValues, encodeValue } from '../spec/values.js';

/** A positive random 63-bit snapshot id. */
export function newSnapshotId(): bigint {
  for (;;) {
    const id = randomBytes(8).readBigUInt64BE() & 0x7fff_ffff_ffff_ffffn;
    if (id !== 0n) return id;
  }
}

/** Manifest lists are immutable (unique names): the last few are cached per FileIO. */
const LIST_CACHE_SIZE = 16;
const listCache = new WeakMap<FileIO, Map<string, ManifestFile[]>>();

function rememberList(io: FileIO, path: string, manifests: ManifestFile[]): void {
  let entries = listCache.get(io);
  if (!entries) {
    entries = new Map();
    listCache.set(io, entries);
  }
  entries.set(path, manifests);
  if (entries.size > LIST_CACHE_SIZE) entries.delete(entries.keys().next().value!);
}

export async function readManifestList(io: FileIO, snapshot: Snapshot): Promise<ManifestFile[]> {
  const hit = listCache.get(io)?.get(snapshot.manifestList);
  if (hit) return hit;
  const manifests = decodeManifestList(await io.read(snapshot.manifestList), snapshot.manifestList);
  rememberList(io, snapshot.manifestList, manifests);
  return manifests;
}

/** Entries of a manifest with snapshot id and sequence numbers inherited from the manifest list entry. */
export async function readManifestEntries(
  io: FileIO,
  metadata: TableMetadata,
  manifest: ManifestFile,
): Promise<ManifestEntry[]> {
  const spec = specById(metadata, manifest.partitionSpecId) ?? metadata.partitionSpecs[0]!;
  const types = partitionFieldTypes(spec, schemaForSpec(metadata, spec));
  const decoded = decodeManifest(await io.read(manifest.manifestPath), spec, types, manifest.manifestPath);
  return decoded.entries.map((e) => ({
    ...e,
    snapshotId: e.snapshotId ?? manifest.addedSnapshotId,
    sequenceNumber:
      e.sequenceNumber ??
      (e.status === EntryStatus.Added || manifest.sequenceNumber === 0n ? manifest.sequenceNumber : 0n),
    fileSequenceNumber:
      e.fileSequenceNumber ??
      (e.status === EntryStatus.Added || manifest.sequenceNumber === 0n ? manifest.sequenceNumber : 0n),
  }));
}

/** The schema whose columns a spec's source ids refer to: the current one, falling back to any that has them. */
export function schemaForSpec(metadata: TableMetadata, spec: PartitionSpec): Schema {
  const current = currentSchema(metadata);
  const has = (s: Schema) => spec.fields.every((f) => s.fields.some((x) => x.id === f.sourceId));
  return has(current) ? current : (metadata.schemas.find(has) ?? current);
}

function partitionSummaries(spec: PartitionSpec, types: string[], files: readonly DataFile[]): FieldSummary[] {
  return spec.fields.map((_, i) => {
    let containsNull = false;
    let lo: unknown;
    let hi: unknown;
    for (const f of files) {
      const v = f.partition[i] ?? null;
      if (v === null) {
        containsNull = true;
        continue;
      }
      if (lo === undefined || compareValues(v, lo as never) < 0) lo = v;
      if (hi === undefined || compareValues(v, hi as never) > 0) hi = v;
    }
    const type = types[i]!;
    return {
      containsNull,
      containsNan: false,
      lowerBound: lo === undefined ? undefined : encodeValue(type, lo as never),
      upperBound: hi === undefined ? undefined : encodeValue(type, hi as never),
    };
  });
}

export interface ManifestWriteContext {
  io: FileIO;
  metadata: TableMetadata;
  snapshotId: bigint;
  /** Sequence number of the snapshot being written (undefined: inherit, for ADDED-only manifests). */
  sequenceNumber: bigint;
  commitId: string;
  /**
   * When given, manifest uploads are started and collected here instead of awaited one by one: the snapshot producer
   * awaits them together with the manifest list (the list needs only their paths and lengths).
   */
  pending?: Array<{ path: string; write: Promise<void> }>;
}

/**
 * Waits for the uploads a context started. When one fails, the others are waited for and removed again (a failed
 * snapshot leaves no manifest behind), then the first failure is thrown.
 */
export async function finishUploads(ctx: ManifestWriteContext): Promise<void> {
  const pending = ctx.pending ?? [];
  const results = await Promise.allSettled(pending.map((p) => p.write));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!failed) return;
  await Promise.all(pending.map((p) => ctx.io.delete(p.path).catch(() => undefined)));
  throw failed.reason;
}

/** Writes a file now, or starts it and leaves it to the context's `pending` uploads. */
async function upload(ctx: ManifestWriteContext, path: string, bytes: Uint8Array): Promise<void> {
  const write = ctx.io.write(path, bytes);
  if (!ctx.pending) return write;
  write.catch(() => undefined); // observed by whoever awaits `pending`; never an unhandled rejection meanwhile
  ctx.pending.push({ path, write });
}

let manifestCounter = 0;

function minBigint(values: readonly bigint[]): bigint {
  let min = values[0]!;
  for (const v of values) if (v < min) min = v;
  return min;
}

/** Writes one manifest and returns its manifest-list entry. */
export async function writeManifest(
  ctx: ManifestWriteContext,
  spec: PartitionSpec,
  entries: readonly ManifestEntry[],
  content: 'data' | 'deletes' = 'data',
): Promise<ManifestFile> {
  const schema = schemaForSpec(ctx.metadata, spec);
  const bytes = encodeManifest(entries, { schema, spec, content, formatVersion: 2 });
  const path = `${ctx.metadata.location}/metadata/${ctx.commitId}-m${manifestCounter++}.avro`;
  await upload(ctx, path, bytes);
  const types = partitionFieldTypes(spec, schema);
  const count = (s: EntryStatus) => entries.filter((e) => e.status === s);
  const rows = (es: ManifestEntry[]) => es.reduce((a, e) => a + e.dataFile.recordCount, 0);
  const seqs = entries
    .filter((e) => e.status !== EntryStatus.Deleted)
    .map((e) => e.sequenceNumber ?? ctx.sequenceNumber);
  const live = entries.filter((e) => e.status !== EntryStatus.Deleted);
  return {
    manifestPath: path,
    manifestLength: bytes.length,
    partitionSpecId: spec.specId,
    content: content === 'data' ? 0 : 1,
    sequenceNumber: ctx.sequenceNumber,
    minSequenceNumber: seqs.length === 0 ? ctx.sequenceNumber : minBigint(seqs),
    addedSnapshotId: ctx.snapshotId,
    addedFilesCount: count(EntryStatus.Added).length,
    existingFilesCount: count(EntryStatus.Existing).length,
    deletedFilesCount: count(EntryStatus.Deleted).length,
    addedRowsCount: rows(count(EntryStatus.Added)),
    existingRowsCount: rows(count(EntryStatus.Existing)),
    deletedRowsCount: rows(count(EntryStatus.Deleted)),
    partitions: partitionSummaries(
      spec,
      types,
      live.map((e) => e.dataFile),
    ),
  };
}

export async function writeManifestList(
  ctx: ManifestWriteContext,
  manifests: readonly ManifestFile[],
  parentSnapshotId: bigint | undefined,
  attempt: number,
): Promise<string> {
  const path = `${ctx.metadata.location}/metadata/snap-${ctx.snapshotId}-${attempt}-${ctx.commitId}.avro`;
  await upload(
    ctx,
    path,
    encodeManifestList(manifests, { snapshotId: ctx.snapshotId, parentSnapshotId, sequenceNumber: ctx.sequenceNumber }),
  );
  rememberList(ctx.io, path, [...manifests]);
  return path;
}
