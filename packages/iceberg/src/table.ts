import type { DuckDBConnection } from '@duckdb/node-api';
import type { Catalog, LoadedTable, TableIdentifier } from './catalog/catalog.js';
import { withConnection } from './duckdb/session.js';
import type { FileIO } from './io/file-io.js';
import { type RemoveOrphanFilesOptions, removeOrphanFiles } from './maintenance/orphans.js';
import { reachableFiles } from './maintenance/reachable.js';
import { TableScan } from './scan/table-scan.js';
import type { DataFile } from './spec/manifest.js';
import type { PartitionSpec } from './spec/partition.js';
import type { Schema } from './spec/schema.js';
import type { Snapshot } from './spec/snapshot.js';
import { currentSchema, currentSnapshot, defaultSpec, type TableMetadata } from './spec/table-metadata.js';
import { fastAppend } from './transaction/append.js';
import { commitWithRetry, type RetryPolicy } from './transaction/commit.js';
import {
  type ExpireSnapshotsOptions,
  expireSnapshotsCommit,
  snapshotsToExpire,
} from './transaction/expire-snapshots.js';
import { type OverwriteMode, overwriteFiles } from './transaction/overwrite.js';
import { type RewriteManifestsOptions, rewriteManifests } from './transaction/rewrite-manifests.js';
import { produceSnapshot, type SnapshotChange } from './transaction/snapshot-producer.js';
import { writeDataFiles } from './write/data-writer.js';
import { sourceSql, type WriteSource } from './write/source.js';

export interface WriteOptions {
  /** Extra snapshot summary properties. */
  properties?: Record<string, string>;
  retry?: RetryPolicy;
}

/** A table bound to its catalog. Immutable: operations return the refreshed table. */
export class Table {
  constructor(
    readonly catalog: Catalog,
    readonly loaded: LoadedTable,
  ) {}

  static async load(catalog: Catalog, identifier: TableIdentifier): Promise<Table> {
    return new Table(catalog, await catalog.loadTable(identifier));
  }

  get identifier(): TableIdentifier {
    return this.loaded.identifier;
  }
  get metadata(): TableMetadata {
    return this.loaded.metadata;
  }
  get metadataLocation(): string {
    return this.loaded.metadataLocation;
  }
  get io(): FileIO {
    return this.catalog.fileIO(this.metadata.location);
  }
  schema(): Schema {
    return currentSchema(this.metadata);
  }
  spec(): PartitionSpec {
    return defaultSpec(this.metadata);
  }
  currentSnapshot(): Snapshot | undefined {
    return currentSnapshot(this.metadata);
  }
  snapshots(): readonly Snapshot[] {
    return this.metadata.snapshots;
  }

  async refresh(): Promise<Table> {
    return Table.load(this.catalog, this.identifier);
  }

  scan(): TableScan {
    return new TableScan(this.metadata, this.io);
  }

  /** Commits a snapshot change through the commit loop (reload, rebuild, retry). */
  async commitChange(change: SnapshotChange, options: WriteOptions = {}): Promise<Table> {
    const state: { snapshotId?: bigint; commitId?: string; attempt: number } = { attempt: 0 };
    const io = this.io;
    const result = await commitWithRetry(
      this.catalog,
      this.identifier,
      async (table, attempt) => {
        state.attempt = attempt;
        const produced = await produceSnapshot(table.metadata, io, change, state);
        return {
          ...produced,
          abandon: () => io.delete(produced.manifestList),
          landed: (t) => t.metadata.snapshots.some((s) => s.snapshotId === produced.snapshotId),
        };
      },
      { start: this.loaded, ...(options.retry ? { policy: options.retry } : {}) },
    );
    return new Table(this.catalog, result);
  }

  /** Writes Parquet files for `source` (no commit). */
  async writeFiles(source: WriteSource): Promise<DataFile[]> {
    const run = async (connection: DuckDBConnection) => {
      const { sql, dispose } = await sourceSql(source, this.schema(), connection);
      try {
        return await writeDataFiles(
          { connection, io: this.io, schema: this.schema(), spec: this.spec(), dataLocation: this.dataLocation() },
          sql,
        );
      } finally {
        await dispose();
      }
    };
    if ('rows' in source && source.rows.length === 0) return [];
    if ('sql' in source && source.connection) return run(source.connection);
    return withConnection(run);
  }

  dataLocation(): string {
    return (this.metadata.properties['write.data.path'] ?? `${this.metadata.location}/data`).replace(/\/+$/, '');
  }

  /** Appends rows (fast append). Data files are written once; only metadata is redone on conflicts. */
  async append(source: WriteSource, options: WriteOptions = {}): Promise<Table> {
    const files = await this.writeFiles(source);
    return this.appendFiles(files, options);
  }

  /** Commits already written data files as a fast append. */
  async appendFiles(files: readonly DataFile[], options: WriteOptions = {}): Promise<Table> {
    try {
      return await this.commitChange(fastAppend(files, options.properties), options);
    } catch (error) {
      await this.discardUnlessUnknown(error, files);
      throw error;
    }
  }

  /**
   * Replaces data: `mode: 'all'` (default) replaces the whole table, `mode: 'partitions'` replaces
   * only the partitions the new data touches.
   */
  async overwrite(source: WriteSource, options: WriteOptions & { mode?: OverwriteMode } = {}): Promise<Table> {
    const files = await this.writeFiles(source);
    try {
      return await this.commitChange(overwriteFiles(files, options.mode ?? 'all', options.properties), options);
    } catch (error) {
      await this.discardUnlessUnknown(error, files);
      throw error;
    }
  }

  /** Rewrites the current snapshot's manifests into few large ones (a `replace` snapshot). */
  async rewriteManifests(options: RewriteManifestsOptions & WriteOptions = {}): Promise<Table> {
    return this.commitChange(rewriteManifests(options), options);
  }

  /**
   * Removes old snapshots from the metadata, then deletes the manifest lists, manifests and data
   * files only they referenced. Returns the refreshed table and what was expired and deleted.
   */
  async expireSnapshots(
    options: ExpireSnapshotsOptions = {},
  ): Promise<{ table: Table; expired: bigint[]; deletedFiles: string[] }> {
    let expired: Snapshot[] = [];
    let before = this.metadata;
    const result = await commitWithRetry(
      this.catalog,
      this.identifier,
      async (table) => {
        before = table.metadata;
        expired = snapshotsToExpire(table.metadata, options);
        return expireSnapshotsCommit(table.metadata, expired);
      },
      { start: this.loaded },
    );
    const table = new Table(this.catalog, result);
    if (expired.length === 0) return { table, expired: [], deletedFiles: [] };
    const io = this.io;
    const gone = await reachableFiles(io, before, expired);
    const kept = await reachableFiles(io, result.metadata, result.metadata.snapshots);
    const deletedFiles = [
      ...[...gone.dataFiles].filter((f) => !kept.dataFiles.has(f)),
      ...[...gone.manifests].filter((f) => !kept.manifests.has(f)),
      ...[...gone.manifestLists].filter((f) => !kept.manifestLists.has(f)),
    ];
    await Promise.all(deletedFiles.map((f) => io.delete(f)));
    return { table, expired: expired.map((s) => s.snapshotId), deletedFiles };
  }

  /** Deletes files under the table location that nothing references (see removeOrphanFiles). */
  async removeOrphanFiles(options: RemoveOrphanFilesOptions = {}): Promise<string[]> {
    return removeOrphanFiles(this.io, this.metadata, this.metadataLocation, options);
  }

  private async discardUnlessUnknown(error: unknown, files: readonly DataFile[]): Promise<void> {
    if ((error as { kind?: string }).kind === 'CommitStateUnknown') return;
    await Promise.all(files.map((f) => this.io.delete(f.filePath).catch(() => undefined)));
  }
}
