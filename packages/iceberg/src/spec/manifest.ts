import { dataInvalid } from '../errors.js';
import { type AvroSchema, readAvroFile, writeAvroFile } from './avro.js';
import { avroName, avroPrimitive, intMap, list, optional, required } from './avro-schema.js';
import { parseDecimal } from './datatypes.js';
import type { PartitionSpec } from './partition.js';
import { findField, type Schema, schemaToWire } from './schema.js';
import { parseTransform, transformResultType } from './transform.js';
import { bigintToMinimalBytes, bytesToBigint, bytesToUuid, type IcebergValue, uuidToBytes } from './values.js';

export const DataContent = { Data: 0, PositionDeletes: 1, EqualityDeletes: 2 } as const;
export type DataContent = (typeof DataContent)[keyof typeof DataContent];
export const EntryStatus = { Existing: 0, Added: 1, Deleted: 2 } as const;
export type EntryStatus = (typeof EntryStatus)[keyof typeof EntryStatus];

export type PartitionValues = readonly (IcebergValue | null)[];

/** A data or delete file with its stats, keyed by field id. Bounds are single-value binary encoded. */
export interface DataFile {
  readonly content: DataContent;
  readonly filePath: string;
  readonly fileFormat: string;
  /** Values in the order of the partition spec's fields. */
  readonly partition: PartitionValues;
  readonly recordCount: number;
  readonly fileSizeInBytes: number;
  readonly columnSizes?: ReadonlyMap<number, number> | undefined;
  readonly valueCounts?: ReadonlyMap<number, number> | undefined;
  readonly nullValueCounts?: ReadonlyMap<number, number> | undefined;
  readonly nanValueCounts?: ReadonlyMap<number, number> | undefined;
  readonly lowerBounds?: ReadonlyMap<number, Uint8Array> | undefined;
  readonly upperBounds?: ReadonlyMap<number, Uint8Array> | undefined;
  readonly splitOffsets?: readonly number[] | undefined;
  readonly equalityIds?: readonly number[] | undefined;
  readonly sortOrderId?: number | undefined;
}

export interface ManifestEntry {
  readonly status: EntryStatus;
  readonly snapshotId?: bigint | undefined;
  /** Data sequence number; undefined for ADDED entries until inherited from the manifest. */
  readonly sequenceNumber?: bigint | undefined;
  readonly fileSequenceNumber?: bigint | undefined;
  readonly dataFile: DataFile;
}

/** Iceberg type of each partition field of a spec, in spec order. */
export function partitionFieldTypes(spec: PartitionSpec, schema: Schema): string[] {
  return spec.fields.map((f) => {
    const source = findField(schema, f.sourceId);
    const sourceType = source && typeof source.type === 'string' ? source.type : 'string';
    return transformResultType(parseTransform(f.transform), sourceType);
  });
}

function partitionAvroSchema(spec: PartitionSpec, types: string[]): AvroSchema {
  return {
    type: 'record',
    name: 'r102',
    fields: spec.fields.map((f, i) =>
      optional(avroPrimitive(types[i]!, avroName(f.name)), avroName(f.name), f.fieldId),
    ),
  };
}

/** The manifest_entry Avro schema (format v2) for a partition spec. */
export function manifestEntrySchema(spec: PartitionSpec, types: string[]): AvroSchema {
  const bytesMap = (k: number, v: number) => intMap(k, v, 'bytes');
  const longMap = (k: number, v: number) => intMap(k, v, 'long');
  return {
    type: 'record',
    name: 'manifest_entry',
    fields: [
      required('int', 'status', 0),
      optional('long', 'snapshot_id', 1),
      optional('long', 'sequence_number', 3),
      optional('long', 'file_sequence_number', 4),
      required(
        {
          type: 'record',
          name: 'r2',
          fields: [
            required('int', 'content', 134),
            required('string', 'file_path', 100),
            required('string', 'file_format', 101),
            required(partitionAvroSchema(spec, types), 'partition', 102),
            required('long', 'record_count', 103),
            required('long', 'file_size_in_bytes', 104),
            optional(longMap(117, 118), 'column_sizes', 108),
            optional(longMap(119, 120), 'value_counts', 109),
            optional(longMap(121, 122), 'null_value_counts', 110),
            optional(longMap(138, 139), 'nan_value_counts', 137),
            optional(bytesMap(126, 127), 'lower_bounds', 125),
            optional(bytesMap(129, 130), 'upper_bounds', 128),
            optional('bytes', 'key_metadata', 131),
            optional(list(133, 'long'), 'split_offsets', 132),
            optional(list(136, 'int'), 'equality_ids', 135),
            optional('int', 'sort_order_id', 140),
          ],
        },
        'data_file',
        2,
      ),
    ],
  };
}

function partitionToAvro(type: string, v: IcebergValue | null): unknown {
  if (v === null) return null;
  if (type === 'uuid') return Buffer.from(uuidToBytes(String(v)));
  const decimal = parseDecimal(type);
  if (decimal) {
    const size = (avroPrimitive(type, 'x') as { size: number }).size;
    const raw = bigintToMinimalBytes(BigInt(v as bigint));
    const out = Buffer.alloc(size, (raw[0]! & 0x80) !== 0 ? 0xff : 0);
    Buffer.from(raw).copy(out, size - raw.length);
    return out;
  }
  if (v instanceof Uint8Array) return Buffer.from(v);
  return v;
}

function partitionFromAvro(type: string, v: unknown): IcebergValue | null {
  if (v === null || v === undefined) return null;
  if (type === 'uuid') return bytesToUuid(v as Uint8Array);
  if (parseDecimal(type)) return bytesToBigint(v as Uint8Array);
  if (Buffer.isBuffer(v)) return Uint8Array.from(v);
  if (typeof v === 'bigint' && (type === 'int' || type === 'date')) return Number(v);
  return v as IcebergValue;
}

const toKv = <T>(m: ReadonlyMap<number, T> | undefined, conv: (x: T) => unknown) =>
  m === undefined ? null : [...m.entries()].map(([key, value]) => ({ key, value: conv(value) }));
const fromKv = <T>(v: unknown, conv: (x: unknown) => T): Map<number, T> | undefined =>
  Array.isArray(v)
    ? new Map((v as Array<{ key: number; value: unknown }>).map((e) => [Number(e.key), conv(e.value)]))
    : undefined;

export interface ManifestWriteOptions {
  schema: Schema;
  spec: PartitionSpec;
  formatVersion?: 1 | 2;
  content?: 'data' | 'deletes';
}

/** Encodes a manifest (Avro, v2 schema, header metadata as the spec requires). */
export function encodeManifest(entries: readonly ManifestEntry[], options: ManifestWriteOptions): Uint8Array {
  const types = partitionFieldTypes(options.spec, options.schema);
  const schema = manifestEntrySchema(options.spec, types);
  const records = entries.map((e) => {
    const f = e.dataFile;
    return {
      status: e.status,
      snapshot_id: e.snapshotId ?? null,
      sequence_number: e.sequenceNumber ?? null,
      file_sequence_number: e.fileSequenceNumber ?? null,
      data_file: {
        content: f.content,
        file_path: f.filePath,
        file_format: f.fileFormat,
        partition: Object.fromEntries(
          options.spec.fields.map((pf, i) => [avroName(pf.name), partitionToAvro(types[i]!, f.partition[i] ?? null)]),
        ),
        record_count: BigInt(f.recordCount),
        file_size_in_bytes: BigInt(f.fileSizeInBytes),
        column_sizes: toKv(f.columnSizes, BigInt),
        value_counts: toKv(f.valueCounts, BigInt),
        null_value_counts: toKv(f.nullValueCounts, BigInt),
        nan_value_counts: toKv(f.nanValueCounts, BigInt),
        lower_bounds: toKv(f.lowerBounds, (b) => Buffer.from(b)),
        upper_bounds: toKv(f.upperBounds, (b) => Buffer.from(b)),
        key_metadata: null,
        split_offsets: f.splitOffsets ? f.splitOffsets.map(BigInt) : null,
        equality_ids: f.equalityIds ? [...f.equalityIds] : null,
        sort_order_id: f.sortOrderId ?? null,
      },
    };
  });
  return writeAvroFile(schema, records, {
    schema: JSON.stringify(schemaToWire(options.schema)),
    'schema-id': String(options.schema.schemaId),
    'partition-spec': JSON.stringify(
      options.spec.fields.map((f) => ({
        name: f.name,
        transform: f.transform,
        'source-id': f.sourceId,
        'field-id': f.fieldId,
      })),
    ),
    'partition-spec-id': String(options.spec.specId),
    'format-version': String(options.formatVersion ?? 2),
    content: options.content ?? 'data',
  });
}

export interface DecodedManifest {
  readonly entries: ManifestEntry[];
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * Decodes a manifest written by any Iceberg implementation (v1 or v2). Partition values are
 * matched to `spec` by partition field id; `partitionTypes` gives their Iceberg types.
 */
export function decodeManifest(
  bytes: Uint8Array,
  spec: PartitionSpec,
  partitionTypes: string[],
  source = 'manifest',
): DecodedManifest {
  const file = readAvroFile(bytes, source);
  const entryFields = (file.schema.fields ?? []) as AvroSchema[];
  const dataFileField = entryFields.find((f) => f.name === 'data_file');
  if (!dataFileField) throw dataInvalid(`${source} is not a manifest (no data_file field)`, { source });
  const dfType = dataFileField.type as AvroSchema;
  const partField = ((dfType.fields ?? []) as AvroSchema[]).find((f) => f.name === 'partition');
  const partFields = (((partField?.type as AvroSchema | undefined)?.fields ?? []) as AvroSchema[]).map((f) => ({
    name: String(f.name),
    id: Number(f['field-id']),
  }));
  const nameById = new Map(partFields.map((f) => [f.id, f.name]));
  const entries = file.records.map((raw): ManifestEntry => {
    const r = raw as Record<string, unknown>;
    const d = r.data_file as Record<string, unknown>;
    const p = (d.partition ?? {}) as Record<string, unknown>;
    const partition = spec.fields.map((pf, i) => {
      const name = nameById.get(pf.fieldId) ?? avroName(pf.name);
      return partitionFromAvro(partitionTypes[i]!, p[name]);
    });
    const num = (x: unknown) => Number(x as bigint);
    const opt = (x: unknown) => (x === null || x === undefined ? undefined : BigInt(x as bigint));
    return {
      status: Number(r.status) as EntryStatus,
      snapshotId: opt(r.snapshot_id),
      sequenceNumber: opt(r.sequence_number),
      fileSequenceNumber: opt(r.file_sequence_number),
      dataFile: {
        content: (d.content === undefined ? 0 : Number(d.content)) as DataContent,
        filePath: String(d.file_path),
        fileFormat: String(d.file_format),
        partition,
        recordCount: num(d.record_count),
        fileSizeInBytes: num(d.file_size_in_bytes),
        columnSizes: fromKv(d.column_sizes, num),
        valueCounts: fromKv(d.value_counts, num),
        nullValueCounts: fromKv(d.null_value_counts, num),
        nanValueCounts: fromKv(d.nan_value_counts, num),
        lowerBounds: fromKv(d.lower_bounds, (b) => Uint8Array.from(b as Buffer)),
        upperBounds: fromKv(d.upper_bounds, (b) => Uint8Array.from(b as Buffer)),
        splitOffsets: Array.isArray(d.split_offsets) ? d.split_offsets.map(num) : undefined,
        equalityIds: Array.isArray(d.equality_ids) ? d.equality_ids.map(Number) : undefined,
        sortOrderId: d.sort_order_id === null || d.sort_order_id === undefined ? undefined : Number(d.sort_order_id),
      },
    };
  });
  return { entries, metadata: file.metadata };
}
