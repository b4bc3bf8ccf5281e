import { rename, rm, stat } from 'node:fs/promises';
import { type DuckDBAppender, type DuckDBConnection, DuckDBDataChunk, DuckDBInstance } from '@duckdb/node-api';
import type { TableBatch } from '../../columns/batch.js';
import type { TableSpec } from '../../columns/schema.js';
import { ChunkTransfer } from './transfer.js';
import { enumTypeName, outputExpression, quoteIdent, quoteString, stagingType } from './types.js';

export type FileFormat = 'parquet' | 'csv' | 'jsonl';

export const FILE_EXTENSIONS: Record<FileFormat, string> = { parquet: 'parquet', csv: 'csv', jsonl: 'jsonl' };

export interface FileTarget {
  /** Final path; the file is written to a temporary name beside it and renamed. */
  readonly path: string;
  readonly format: FileFormat;
  /** Parquet field ids by column name (Iceberg data files). */
  readonly fieldIds?: Readonly<Record<string, number>>;
}

export interface WrittenFile {
  readonly table: string;
  readonly path: string;
  readonly format: FileFormat;
  readonly rows: number;
  readonly bytes: number;
}

export interface WriterOptions {
  /** DuckDB worker threads (default: 2). */
  readonly threads?: number;
  /** DuckDB memory limit, e.g. "2GB". */
  readonly memoryLimit?: string;
  /** Parquet compression (default snappy). */
  readonly compression?: 'snappy' | 'zstd' | 'uncompressed' | 'lz4_raw';
}

interface TableBuffer {
  readonly spec: TableSpec;
  readonly name: string;
  appender: DuckDBAppender | null;
  readonly transfer: ChunkTransfer;
  rows: number;
}

interface StageBuffer {
  readonly connection: DuckDBConnection;
  readonly tables: Map<string, TableBuffer>;
  /** The write of this buffer's previous contents, if still running. */
  pending: Promise<WrittenFile[]> | null;
}

/**
 * Streams generated batches into files through DuckDB. Each table is staged in one of two
 * in-memory DuckDB tables: while DuckDB encodes one buffer into Parquet/CSV/JSONL on its own
 * threads, the generator fills the other. Memory stays bounded by two buffers whatever the run size.
 */
export class ColumnarWriter {
  private current: 0 | 1 = 0;
  private readonly written: WrittenFile[] = [];

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly buffers: [StageBuffer, StageBuffer],
    private readonly options: WriterOptions,
  ) {}

  static async create(tables: readonly TableSpec[], options: WriterOptions = {}): Promise<ColumnarWriter> {
    const instance = await DuckDBInstance.create(':memory:', {
      threads: String(options.threads ?? 2),
      ...(options.memoryLimit ? { memory_limit: options.memoryLimit } : {}),
    });
    const setup = await instance.connect();
    for (const table of tables) {
      for (const column of table.columns) {
        if (column.kind !== 'category') continue;
        const values = column.values!.map(quoteString).join(', ');
        await setup.run(`CREATE TYPE ${quoteIdent(enumTypeName(table, column))} AS ENUM (${values})`);
      }
    }
    const buffers: StageBuffer[] = [];
    for (const b of [0, 1]) {
      const connection = await instance.connect();
      const map = new Map<string, TableBuffer>();
      for (const table of tables) {
        const name = `stage_${b}_${table.name}`;
        const columns = table.columns.map((c) => `${quoteIdent(c.name)} ${stagingType(table, c)}`).join(', ');
        await connection.run(`CREATE TABLE ${quoteIdent(name)} (${columns})`);
        const appender = await connection.createAppender(name);
        const types = table.columns.map((_, i) => appender.columnType(i));
        map.set(table.name, {
          spec: table,
          name,
          appender,
          transfer: new ChunkTransfer(DuckDBDataChunk.create(types)),
          rows: 0,
        });
      }
      buffers.push({ connection, tables: map, pending: null });
    }
    setup.closeSync();
    return new ColumnarWriter(instance, buffers as [StageBuffer, StageBuffer], options);
  }

  /** Appends a batch to the current buffer of its table (synchronous; the batch may be reused after). */
  append(batch: TableBatch): void {
    if (batch.length === 0) return;
    const buffer = this.buffers[this.current].tables.get(batch.table.name);
    if (!buffer?.appender) throw new Error(`no staging buffer for table ${batch.table.name}`);
    buffer.transfer.append(buffer.appender, batch);
    buffer.rows += batch.length;
  }

  /** Rows staged for a table in the current buffer. */
  buffered(table: string): number {
    return this.buffers[this.current].tables.get(table)?.rows ?? 0;
  }

  /**
   * Starts writing the current buffer (tables with rows) to their targets and switches to the
   * other buffer, waiting only if that one is still being written.
   */
  async rotate(targets: ReadonlyMap<string, FileTarget>): Promise<void> {
    const buffer = this.buffers[this.current];
    const jobs: { table: TableBuffer; target: FileTarget; rows: number }[] = [];
    for (const table of buffer.tables.values()) {
      table.appender?.closeSync();
      table.appender = null;
      const target = targets.get(table.spec.name);
      if (table.rows > 0 && target) jobs.push({ table, target, rows: table.rows });
      else if (table.rows > 0) throw new Error(`no file target for table ${table.spec.name}`);
    }
    buffer.pending = this.writeBuffer(buffer, jobs).then((files) => {
      this.written.push(...files);
      return files;
    });
    // Keep the promise observed so a failure surfaces on the next await, not as an unhandled rejection.
    buffer.pending.catch(() => {});
    this.current = this.current === 0 ? 1 : 0;
    await this.ready(this.buffers[this.current]);
  }

  private async ready(buffer: StageBuffer): Promise<void> {
    if (buffer.pending) {
      await buffer.pending;
      buffer.pending = null;
    }
    for (const table of buffer.tables.values()) {
      if (!table.appender) table.appender = await buffer.connection.createAppender(table.name);
    }
  }

  private async writeBuffer(
    buffer: StageBuffer,
    jobs: { table: TableBuffer; target: FileTarget; rows: number }[],
  ): Promise<WrittenFile[]> {
    const files: WrittenFile[] = [];
    for (const { table, target, rows } of jobs) {
      const temp = `${target.path}.tmp-${process.pid}`;
      const select = table.spec.columns.map(outputExpression).join(', ');
      await buffer.connection.run(
        `COPY (SELECT ${select} FROM ${quoteIdent(table.name)}) TO ${quoteString(temp)} (${this.copyOptions(target)})`,
      );
      await buffer.connection.run(`DELETE FROM ${quoteIdent(table.name)}`);
      table.rows = 0;
      await rename(temp, target.path);
      const { size } = await stat(target.path);
      files.push({ table: table.spec.name, path: target.path, format: target.format, rows, bytes: size });
    }
    for (const table of buffer.tables.values()) table.rows = 0;
    return files;
  }

  private copyOptions(target: FileTarget): string {
    switch (target.format) {
      case 'parquet': {
        const parts = ['FORMAT parquet', `COMPRESSION ${this.options.compression ?? 'snappy'}`];
        if (target.fieldIds) {
          const ids = Object.entries(target.fieldIds).map(([name, id]) => `${quoteIdent(name)}: ${id}`);
          parts.push(`FIELD_IDS {${ids.join(', ')}}`);
        }
        return parts.join(', ');
      }
      case 'csv':
        return 'FORMAT csv, HEADER true';
      case 'jsonl':
        return 'FORMAT json';
    }
  }

  /** Waits for every pending write; returns all files written so far. */
  async finish(): Promise<WrittenFile[]> {
    for (const buffer of this.buffers) {
      if (buffer.pending) {
        await buffer.pending;
        buffer.pending = null;
      }
    }
    return [...this.written];
  }

  /** Releases DuckDB; removes temporary files of writes that did not finish. */
  async close(): Promise<void> {
    for (const buffer of this.buffers) {
      if (buffer.pending) await buffer.pending.catch(() => {});
      for (const table of buffer.tables.values()) {
        try {
          table.appender?.closeSync();
        } catch {
          // the connection is closing anyway
        }
        table.appender = null;
      }
      buffer.connection.closeSync();
    }
    this.instance.closeSync();
  }

  /** Deletes a leftover temporary file (used after failures). */
  static async removeTemp(path: string): Promise<void> {
    await rm(`${path}.tmp-${process.pid}`, { force: true });
  }
}
