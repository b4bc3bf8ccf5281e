import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { operationError } from '@floe/core';
import {
  type Catalog,
  type DataFile,
  decodeValue,
  duckdbInstanceOptions,
  formatTableIdentifier,
  type Namespace,
  parquetStats,
  type Snapshot,
  snapshotById,
  Table,
  type TableIdentifier,
  tableIdentifier,
} from '@floe/iceberg';
import type { TableSpec } from '../columns/schema.js';
import type { Dataset } from '../datasets/dataset.js';
import type { DatasetState } from '../state.js';
import type { FileTarget, WrittenFile } from './duckdb/writer.js';
import { fieldIds, icebergSchema } from './iceberg-schema.js';
import { type Sink, summarize, type TableOutcome } from './sink.js';

/** Snapshot summary properties through which a table remembers where generation stopped. */
export const STATE_PROPERTIES = {
  dataset: 'floe.synthetic.dataset',
  nextId: 'floe.synthetic.next-id',
  watermark: 'floe.synthetic.watermark-ms',
  runs: 'floe.synthetic.runs',
} as const;

export interface IcebergSinkOptions {
  readonly catalog: Catalog;
  /** Namespace of the bronze layer, e.g. ["bronze"]. */
  readonly namespace: Namespace;
  /** Prefix of table names: `raw_` gives bronze.raw_orders. */
  readonly tablePrefix?: string;
}

/**
 * Appends generated data to Iceberg tables: one fast-append commit per table per run. Data files
 * are written by the DuckDB writer straight into the table's data location (with field ids);
 * their statistics come from the Parquet footers. Each commit's snapshot summary records the
 * next id, the watermark and the run count; the next run reads them back (falling back to the
 * key's upper bound in the manifests when another writer's snapshot came last).
 */
export class IcebergSink implements Sink {
  readonly kind = 'iceberg';
  readonly location: string;
  private readonly tables = new Map<string, Table>();
  /** Remote locations of files written to a local temp path (non-local storage). */
  private readonly uploads = new Map<string, string>();

  constructor(private readonly options: IcebergSinkOptions) {
    this.location = `${options.catalog.name}:${options.namespace.join('.')}`;
  }

  identifier(table: TableSpec): TableIdentifier {
    return tableIdentifier(this.options.namespace, `${this.options.tablePrefix ?? ''}${table.name}`);
  }

  async readState(dataset: Dataset): Promise<DatasetState | null> {
    const catalog = this.options.catalog;
    if (!(await catalog.namespaceExists(this.options.namespace))) return null;
    const nextIds: Record<string, number> = {};
    let watermark: number | null = null;
    let runs = 0;
    let any = false;
    for (const spec of dataset.tables) {
      const id = this.identifier(spec);
      if (!(await catalog.tableExists(id))) {
        nextIds[spec.name] = 1;
        continue;
      }
      const table = await Table.load(catalog, id);
      const marked = lastMarkedSnapshot(table, dataset.name);
      if (marked) {
        any = true;
        nextIds[spec.name] = Math.max(Number(marked.summary[STATE_PROPERTIES.nextId]), (await maxKey(table, spec)) + 1);
        if (spec.name === dataset.primary) {
          watermark = Number(marked.summary[STATE_PROPERTIES.watermark]);
          runs = Number(marked.summary[STATE_PROPERTIES.runs]);
        }
      } else {
        const max = await maxKey(table, spec);
        nextIds[spec.name] = max + 1;
        any ||= max > 0;
      }
    }
    return any ? { dataset: dataset.name, runs, watermark, nextIds } : null;
  }

  async prepare(_dataset: Dataset, tables: readonly TableSpec[]): Promise<void> {
    const catalog = this.options.catalog;
    if (!(await catalog.namespaceExists(this.options.namespace))) {
      try {
        await catalog.createNamespace(this.options.namespace);
      } catch (error) {
        if (!(await catalog.namespaceExists(this.options.namespace))) throw error;
      }
    }
    for (const spec of tables) {
      const id = this.identifier(spec);
      if (!(await catalog.tableExists(id))) {
        try {
          await catalog.createTable(id, {
            schema: icebergSchema(spec),
            properties: { 'floe.synthetic.table': spec.name },
          });
        } catch (error) {
          if (!(await catalog.tableExists(id))) throw error;
        }
      }
      const table = await Table.load(catalog, id);
      checkSchema(table, spec, formatTableIdentifier(id));
      this.tables.set(spec.name, table);
    }
  }

  target(spec: TableSpec, run: number, part: number): FileTarget {
    const table = this.tables.get(spec.name);
    if (!table) throw new Error(`table ${spec.name} was not prepared`);
    const name = `${String(run).padStart(5, '0')}-${String(part).padStart(5, '0')}-${randomUUID()}.parquet`;
    const remote = `${table.dataLocation()}/${name}`;
    const local = table.io.localPath(remote);
    if (local) return { path: local, format: 'parquet', fieldIds: fieldIds(spec) };
    const temp = join(tmpdir(), `floe-synthetic-${name}`);
    this.uploads.set(temp, remote);
    return { path: temp, format: 'parquet', fieldIds: fieldIds(spec) };
  }

  async commit(dataset: Dataset, files: readonly WrittenFile[], state: DatasetState): Promise<TableOutcome[]> {
    const outcomes = summarize(dataset.tables, files);
    const instance = await DuckDBInstance.create(':memory:', duckdbInstanceOptions());
    const connection = await instance.connect();
    try {
      for (const outcome of outcomes) {
        const spec = dataset.tables.find((t) => t.name === outcome.table)!;
        let table = this.tables.get(spec.name);
        if (!table) continue;
        const fields = table.schema().fields;
        const dataFiles: DataFile[] = [];
        for (const file of files.filter((f) => f.table === spec.name)) {
          const stats = await parquetStats(connection, file.path, fields);
          const remote = this.uploads.get(file.path);
          if (remote) {
            await table.io.write(remote, await readFile(file.path));
            await rm(file.path, { force: true });
          }
          dataFiles.push({
            content: 0,
            filePath: remote ?? fileLocation(table, file.path),
            fileFormat: 'PARQUET',
            partition: [],
            recordCount: stats.recordCount,
            fileSizeInBytes: file.bytes,
            columnSizes: stats.columnSizes,
            valueCounts: stats.valueCounts,
            nullValueCounts: stats.nullValueCounts,
            lowerBounds: stats.lowerBounds,
            upperBounds: stats.upperBounds,
            splitOffsets: stats.splitOffsets,
            sortOrderId: 0,
          });
        }
        if (dataFiles.length === 0 && spec.name !== dataset.primary) continue;
        const properties: Record<string, string> = {
          [STATE_PROPERTIES.dataset]: dataset.name,
          [STATE_PROPERTIES.nextId]: String(state.nextIds[spec.name] ?? 1),
          [STATE_PROPERTIES.runs]: String(state.runs),
          [STATE_PROPERTIES.watermark]: String(state.watermark ?? ''),
        };
        try {
          table = await table.appendFiles(dataFiles, { properties });
        } catch (error) {
          throw operationError(
            `appending to ${formatTableIdentifier(table.identifier)} failed: ${error instanceof Error ? error.message : String(error)}`,
            { hint: 'tables committed before this one keep their rows; rerun floe generate to continue', cause: error },
          );
        }
        this.tables.set(spec.name, table);
        const snapshot = table.currentSnapshot();
        if (snapshot) Object.assign(outcome, { snapshotId: String(snapshot.snapshotId) });
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    return outcomes;
  }

  async abort(files: readonly WrittenFile[]): Promise<void> {
    await Promise.all(files.map((f) => rm(f.path, { force: true })));
  }
}

/** The table's location of a data file written at a local path (keeps the scheme of the table location). */
function fileLocation(table: Table, localPath: string): string {
  const dataLocation = table.dataLocation();
  const local = table.io.localPath(dataLocation);
  if (local && localPath.startsWith(local)) return `${dataLocation}${localPath.slice(local.length)}`;
  return localPath;
}

/** The newest snapshot (following parents from the current one) written by this generator. */
function lastMarkedSnapshot(table: Table, dataset: string): Snapshot | undefined {
  let snapshot = table.currentSnapshot();
  while (snapshot) {
    if (snapshot.summary[STATE_PROPERTIES.dataset] === dataset && snapshot.summary[STATE_PROPERTIES.nextId])
      return snapshot;
    snapshot =
      snapshot.parentSnapshotId === undefined ? undefined : snapshotById(table.metadata, snapshot.parentSnapshotId);
  }
  return undefined;
}

/** Largest key in the table from the manifests' column upper bounds (0 when empty). */
async function maxKey(table: Table, spec: TableSpec): Promise<number> {
  const field = table.schema().fields.find((f) => f.name === spec.key);
  if (!field || !table.currentSnapshot()) return 0;
  const plan = await table.scan().planFiles();
  let max = 0;
  for (const task of plan.tasks) {
    const bound = task.dataFile.upperBounds?.get(field.id);
    if (!bound) continue;
    const value = Number(decodeValue('long', bound) as bigint);
    if (value > max) max = value;
  }
  return max;
}

function checkSchema(table: Table, spec: TableSpec, name: string): void {
  const fields = table.schema().fields;
  const expected = icebergSchema(spec).fields;
  for (const f of expected) {
    const actual = fields.find((x) => x.name === f.name);
    if (!actual || actual.id !== f.id || actual.type !== f.type) {
      throw operationError(
        `table ${name} does not have the ${spec.name} column ${f.name} (${f.type}, field id ${f.id})`,
        {
          hint: `it was created by something else: drop it or point floe generate at another namespace`,
        },
      );
    }
  }
}
