import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, DuckDBTableFunction } from '@duckdb/node-api';
import { TableBatch } from '../../columns/batch.js';
import type { TableSpec } from '../../columns/schema.js';
import { ChunkFiller, VECTOR_ROWS } from './transfer.js';
import { duckdbType, quoteIdent, quoteString } from './types.js';

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
  /** DuckDB worker threads (default 1: the JS side feeds one encoder; more only adds contention). */
  readonly threads?: number;
  /** DuckDB memory limit, e.g. "1GB". */
  readonly memoryLimit?: string;
  /** Parquet compression (default snappy). */
  readonly compression?: 'snappy' | 'zstd' | 'uncompressed' | 'lz4_raw';
  /** Parquet format version (default V2: delta encodings, smaller and faster to write). */
  readonly parquetVersion?: 'V1' | 'V2';
}

interface Segment {
  readonly spec: TableSpec;
  /** The rows the running COPY reads (the caller's batch during `write`, else an empty one). */
  batch: TableBatch;
  readonly empty: TableBatch;
  /** Read position of the running scan. */
  cursor: number;
}

/**
 * Streams generated batches into files through DuckDB without staging tables: one `COPY (SELECT *
 * FROM floe_scan_<table>()) TO file` per table, where `floe_scan_<table>` is a table function that
 * hands DuckDB 2048-row vectors copied straight from the typed arrays of the caller's TableBatch
 * (read in place, no copy). Memory is bounded by one file's rows, whatever the run size.
 */
export class ColumnarWriter {
  private readonly written: WrittenFile[] = [];

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly segments: Map<string, Segment>,
    private readonly options: WriterOptions,
  ) {}

  static async create(tables: readonly TableSpec[], options: WriterOptions = {}): Promise<ColumnarWriter> {
    const instance = await DuckDBInstance.create(':memory:', {
      threads: String(options.threads ?? 1),
      ...(options.memoryLimit ? { memory_limit: options.memoryLimit } : {}),
    });
    const connection = await instance.connect();
    const segments = new Map<string, Segment>();
    const filler = new ChunkFiller();
    for (const spec of tables) {
      const empty = new TableBatch(spec, 0);
      const segment: Segment = { spec, batch: empty, empty, cursor: 0 };
      segments.set(spec.name, segment);
      const types = spec.columns.map(duckdbType);
      connection.registerTableFunction(
        DuckDBTableFunction.create({
          name: scanName(spec),
          bindFunction: (bind) => {
            spec.columns.forEach((c, i) => {
              bind.addResultColumn(c.name, types[i]!);
            });
            bind.setCardinality(segment.batch.length, true);
          },
          initFunction: (init) => init.setMaxThreads(1),
          mainFunction: (_info, output) => {
            const n = Math.min(VECTOR_ROWS, segment.batch.length - segment.cursor);
            if (n <= 0) {
              output.rowCount = 0;
              return;
            }
            filler.fill(output.chunk, segment.batch, segment.cursor, n);
            segment.cursor += n;
          },
        }),
      );
    }
    return new ColumnarWriter(instance, connection, segments, options);
  }

  /** Writes each given batch (read in place) to its table's target file; tables without rows get none. */
  async write(
    batches: ReadonlyMap<string, TableBatch>,
    targets: ReadonlyMap<string, FileTarget>,
  ): Promise<WrittenFile[]> {
    for (const segment of this.segments.values()) segment.batch = batches.get(segment.spec.name) ?? segment.empty;
    try {
      return await this.copyAll(targets);
    } finally {
      for (const segment of this.segments.values()) segment.batch = segment.empty;
    }
  }

  private async copyAll(targets: ReadonlyMap<string, FileTarget>): Promise<WrittenFile[]> {
    const files: WrittenFile[] = [];
    for (const segment of this.segments.values()) {
      const rows = segment.batch.length;
      if (rows === 0) continue;
      const target = targets.get(segment.spec.name);
      if (!target) throw new Error(`no file target for table ${segment.spec.name}`);
      const temp = `${target.path}.tmp-${process.pid}`;
      segment.cursor = 0;
      await mkdir(dirname(target.path), { recursive: true });
      try {
        await this.connection.run(
          `COPY (SELECT * FROM ${scanName(segment.spec)}()) TO ${quoteString(temp)} (${this.copyOptions(target)})`,
        );
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      if (segment.cursor !== rows)
        throw new Error(`scan of ${segment.spec.name} read ${segment.cursor} of ${rows} rows`);
      await rename(temp, target.path);
      const { size } = await stat(target.path);
      files.push({ table: segment.spec.name, path: target.path, format: target.format, rows, bytes: size });
    }
    this.written.push(...files);
    return files;
  }

  private copyOptions(target: FileTarget): string {
    switch (target.format) {
      case 'parquet': {
        const parts = [
          'FORMAT parquet',
          `COMPRESSION ${this.options.compression ?? 'snappy'}`,
          `PARQUET_VERSION ${this.options.parquetVersion ?? 'V2'}`,
        ];
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

  /** Every file written so far. */
  files(): WrittenFile[] {
    return [...this.written];
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function scanName(spec: TableSpec): string {
  return `floe_scan_${spec.name}`;
}
