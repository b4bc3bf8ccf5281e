import { dataInvalid } from '../errors.js';
import { type AvroSchema, readAvroFile, writeAvroFile } from './avro.js';
import { list, optional, required } from './avro-schema.js';

export interface FieldSummary {
  readonly containsNull: boolean;
  readonly containsNan?: boolean | undefined;
  readonly lowerBound?: Uint8Array | undefined;
  readonly upperBound?: Uint8Array | undefined;
}

/** One entry of a manifest list. */
export interface ManifestFile {
  readonly manifestPath: string;
  readonly manifestLength: number;
  readonly partitionSpecId: number;
  /** 0 data, 1 deletes. */
  readonly content: 0 | 1;
  readonly sequenceNumber: bigint;
  readonly minSequenceNumber: bigint;
  readonly addedSnapshotId: bigint;
  readonly addedFilesCount: number;
  readonly existingFilesCount: number;
  readonly deletedFilesCount: number;
  readonly addedRowsCount: number;
  readonly existingRowsCount: number;
  readonly deletedRowsCount: number;
  readonly partitions?: readonly FieldSummary[] | undefined;
}

export const MANIFEST_FILE_SCHEMA: AvroSchema = {
  type: 'record',
  name: 'manifest_file',
  fields: [
    required('string', 'manifest_path', 500, 'Location URI with FS scheme'),
    required('long', 'manifest_length', 501, 'Total file size in bytes'),
    required('int', 'partition_spec_id', 502, 'Spec ID used to write'),
    required('int', 'content', 517, 'Contents of the manifest: 0=data, 1=deletes'),
    required('long', 'sequence_number', 515, 'Sequence number when the manifest was added'),
    required('long', 'min_sequence_number', 516, 'Lowest sequence number in the manifest'),
    required('long', 'added_snapshot_id', 503, 'Snapshot ID that added the manifest'),
    required('int', 'added_files_count', 504, 'Added entry count'),
    required('int', 'existing_files_count', 505, 'Existing entry count'),
    required('int', 'deleted_files_count', 506, 'Deleted entry count'),
    required('long', 'added_rows_count', 512, 'Added rows count'),
    required('long', 'existing_rows_count', 513, 'Existing rows count'),
    required('long', 'deleted_rows_count', 514, 'Deleted rows count'),
    optional(
      list(508, {
        type: 'record',
        name: 'r508',
        fields: [
          required('boolean', 'contains_null', 509, 'True if any file has a null partition value'),
          optional('boolean', 'contains_nan', 518, 'True if any file has a nan partition value'),
          optional('bytes', 'lower_bound', 510, 'Partition lower bound for all files'),
          optional('bytes', 'upper_bound', 511, 'Partition upper bound for all files'),
        ],
      }),
      'partitions',
      507,
      'Summary for each partition',
    ),
    optional('bytes', 'key_metadata', 519, 'Encryption key metadata blob'),
  ],
};

export interface ManifestListHeader {
  snapshotId: bigint;
  parentSnapshotId?: bigint | undefined;
  sequenceNumber: bigint;
  formatVersion?: 1 | 2;
}

export function encodeManifestList(manifests: readonly ManifestFile[], header: ManifestListHeader): Uint8Array {
  const records = manifests.map((m) => ({
    manifest_path: m.manifestPath,
    manifest_length: BigInt(m.manifestLength),
    partition_spec_id: m.partitionSpecId,
    content: m.content,
    sequence_number: m.sequenceNumber,
    min_sequence_number: m.minSequenceNumber,
    added_snapshot_id: m.addedSnapshotId,
    added_files_count: m.addedFilesCount,
    existing_files_count: m.existingFilesCount,
    deleted_files_count: m.deletedFilesCount,
    added_rows_count: BigInt(m.addedRowsCount),
    existing_rows_count: BigInt(m.existingRowsCount),
    deleted_rows_count: BigInt(m.deletedRowsCount),
    partitions: m.partitions
      ? m.partitions.map((p) => ({
          contains_null: p.containsNull,
          contains_nan: p.containsNan ?? null,
          lower_bound: p.lowerBound ? Buffer.from(p.lowerBound) : null,
          upper_bound: p.upperBound ? Buffer.from(p.upperBound) : null,
        }))
      : null,
    key_metadata: null,
  }));
  return writeAvroFile(MANIFEST_FILE_SCHEMA, records, {
    'snapshot-id': String(header.snapshotId),
    'parent-snapshot-id': header.parentSnapshotId === undefined ? 'null' : String(header.parentSnapshotId),
    'sequence-number': String(header.sequenceNumber),
    'format-version': String(header.formatVersion ?? 2),
  });
}

/** Decodes a manifest list (v1 or v2; v1 files get sequence numbers 0 and content 0). */
export function decodeManifestList(bytes: Uint8Array, source = 'manifest list'): ManifestFile[] {
  const file = readAvroFile(bytes, source);
  return file.records.map((raw) => {
    const r = raw as Record<string, unknown>;
    if (typeof r.manifest_path !== 'string') throw dataInvalid(`${source} entry without manifest_path`, { source });
    const n = (x: unknown) => (x === null || x === undefined ? 0 : Number(x as bigint));
    const l = (x: unknown) => (x === null || x === undefined ? 0n : BigInt(x as bigint));
    const parts = r.partitions as Array<Record<string, unknown>> | null | undefined;
    return {
      manifestPath: r.manifest_path,
      manifestLength: n(r.manifest_length),
      partitionSpecId: n(r.partition_spec_id),
      content: n(r.content) as 0 | 1,
      sequenceNumber: l(r.sequence_number),
      minSequenceNumber: l(r.min_sequence_number),
      addedSnapshotId: l(r.added_snapshot_id),
      addedFilesCount: n(r.added_files_count ?? r.added_data_files_count),
      existingFilesCount: n(r.existing_files_count ?? r.existing_data_files_count),
      deletedFilesCount: n(r.deleted_files_count ?? r.deleted_data_files_count),
      addedRowsCount: n(r.added_rows_count),
      existingRowsCount: n(r.existing_rows_count),
      deletedRowsCount: n(r.deleted_rows_count),
      partitions: parts
        ? parts.map((p) => ({
            containsNull: Boolean(p.contains_null),
            containsNan: p.contains_nan === null || p.contains_nan === undefined ? undefined : Boolean(p.contains_nan),
            lowerBound: p.lower_bound ? Uint8Array.from(p.lower_bound as Buffer) : undefined,
            upperBound: p.upper_bound ? Uint8Array.from(p.upper_bound as Buffer) : undefined,
          }))
        : undefined,
    };
  });
}
