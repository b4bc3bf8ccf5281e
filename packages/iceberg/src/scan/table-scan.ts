import { dataInvalid } from '../errors.js';
import type { FileIO } from '../io/file-io.js';
import { DataContent, type DataFile, EntryStatus } from '../spec/manifest.js';
import type { PartitionSpec } from '../spec/partition.js';
import type { Schema } from '../spec/schema.js';
import type { Snapshot } from '../spec/snapshot.js';
import {
  currentSchema,
  currentSnapshot,
  schemaById,
  snapshotAsOf,
  snapshotById,
  specById,
  type TableMetadata,
} from '../spec/table-metadata.js';
import { readManifestEntries, readManifestList } from '../transaction/manifests.js';
import { fileMightMatch, partitionMightMatch } from './evaluator.js';
import { alwaysTrue, and, type Expression, rewriteNot } from './expression.js';

export interface FileScanTask {
  readonly dataFile: DataFile;
  readonly spec: PartitionSpec;
  /** Data sequence number of the file. */
  readonly sequenceNumber: bigint;
  /** Position and equality delete files that apply to this data file. */
  readonly deletes: readonly DataFile[];
  /** Data sequence number of each delete file (by path): equality deletes apply to older data only. */
  readonly deleteSequenceNumbers: ReadonlyMap<string, bigint>;
}

export interface ScanPlan {
  readonly snapshot: Snapshot | undefined;
  /** The schema rows are read with (the current one, or the snapshot's with `useSnapshotSchema`). */
  readonly schema: Schema;
  readonly columns: readonly string[];
  readonly filter: Expression;
  readonly tasks: readonly FileScanTask[];
}

/** A scan builder: `table.scan().filter(...).select(...).snapshot(id).planFiles()`. Immutable. */
export class TableScan {
  constructor(
    private readonly metadata: TableMetadata,
    private readonly io: FileIO,
    private readonly options: {
      filter?: Expression;
      columns?: readonly string[];
      snapshotId?: bigint;
      asOfMs?: number;
      caseSensitive?: boolean;
    } = {},
  ) {}

  filter(expression: Expression): TableScan {
    const combined = this.options.filter ? and(this.options.filter, expression) : expression;
    return new TableScan(this.metadata, this.io, { ...this.options, filter: combined });
  }
  select(...columns: string[]): TableScan {
    return new TableScan(this.metadata, this.io, { ...this.options, columns: columns.flat() });
  }
  /** Time travel to a snapshot id. */
  snapshot(snapshotId: bigint | number | string): TableScan {
    return new TableScan(this.metadata, this.io, {
      ...this.options,
      snapshotId: BigInt(snapshotId),
      asOfMs: undefined,
    });
  }
  /** Time travel to the snapshot current at a point in time. */
  asOf(timestamp: Date | number): TableScan {
    const ms = typeof timestamp === 'number' ? timestamp : timestamp.getTime();
    return new TableScan(this.metadata, this.io, { ...this.options, asOfMs: ms, snapshotId: undefined });
  }

  private resolveSnapshot(): Snapshot | undefined {
    const { snapshotId, asOfMs } = this.options;
    if (snapshotId !== undefined) {
      const s = snapshotById(this.metadata, snapshotId);
      if (!s) throw dataInvalid(`snapshot ${snapshotId} does not exist`, { snapshotId });
      return s;
    }
    if (asOfMs !== undefined) {
      const s = snapshotAsOf(this.metadata, asOfMs);
      if (!s) throw dataInvalid(`no snapshot was current at ${new Date(asOfMs).toISOString()}`, { asOfMs });
      return s;
    }
    return currentSnapshot(this.metadata);
  }

  async planFiles(): Promise<ScanPlan> {
    const snapshot = this.resolveSnapshot();
    const historical = this.options.snapshotId !== undefined || this.options.asOfMs !== undefined;
    const schema =
      historical && snapshot?.schemaId !== undefined
        ? (schemaById(this.metadata, snapshot.schemaId) ?? currentSchema(this.metadata))
        : currentSchema(this.metadata);
    const columns = this.options.columns ?? schema.fields.map((f) => f.name);
    for (const c of columns) {
      if (!schema.fields.some((f) => f.name === c))
        throw dataInvalid(`column ${c} is not in the table schema`, { column: c });
    }
    const filter = rewriteNot(this.options.filter ?? alwaysTrue());
    if (!snapshot) return { snapshot, schema, columns, filter, tasks: [] };
    const manifests = await readManifestList(this.io, snapshot);
    const data: Array<{ file: DataFile; seq: bigint; spec: PartitionSpec }> = [];
    const deletes: Array<{ file: DataFile; seq: bigint; spec: PartitionSpec }> = [];
    await Promise.all(
      manifests.map(async (m) => {
        const spec = specById(this.metadata, m.partitionSpecId) ?? this.metadata.partitionSpecs[0]!;
        for (const e of await readManifestEntries(this.io, this.metadata, m)) {
          if (e.status === EntryStatus.Deleted) continue;
          const item = { file: e.dataFile, seq: e.sequenceNumber ?? 0n, spec };
          if (e.dataFile.content === DataContent.Data) {
            if (!partitionMightMatch(filter, e.dataFile.partition, spec, schema)) continue;
            if (!fileMightMatch(filter, e.dataFile, schema)) continue;
            data.push(item);
          } else deletes.push(item);
        }
      }),
    );
    data.sort((a, b) => (a.file.filePath < b.file.filePath ? -1 : 1));
    const samePartition = (a: { file: DataFile; spec: PartitionSpec }, b: { file: DataFile; spec: PartitionSpec }) =>
      b.spec.fields.length === 0 ||
      (a.spec.specId === b.spec.specId && a.file.partition.every((v, i) => String(v) === String(b.file.partition[i])));
    const deleteSequenceNumbers = new Map(deletes.map((x) => [x.file.filePath, x.seq]));
    const tasks = data.map(
      (d): FileScanTask => ({
        dataFile: d.file,
        spec: d.spec,
        sequenceNumber: d.seq,
        deletes: deletes
          .filter((x) =>
            x.file.content === DataContent.PositionDeletes
              ? x.seq >= d.seq && samePartition(d, x)
              : x.seq > d.seq && samePartition(d, x),
          )
          .map((x) => x.file),
        deleteSequenceNumbers,
      }),
    );
    return { snapshot, schema, columns, filter, tasks };
  }
}
