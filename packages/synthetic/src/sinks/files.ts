import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { inputError } from '@floe/core';
import type { TableSpec } from '../columns/schema.js';
import type { Dataset } from '../datasets/dataset.js';
import { type DatasetState, DatasetStateSchema } from '../state.js';
import { FILE_EXTENSIONS, type FileFormat, type FileTarget, type WrittenFile } from './duckdb/writer.js';
import { type Sink, summarize, type TableOutcome } from './sink.js';

/** Name of the state file a file sink keeps per dataset in its output directory. */
export const stateFileName = (dataset: string): string => `_floe_state_${dataset}.json`;

/**
 * Writes one sub-folder per table (`<out>/<table>/part-<run>-<part>.<ext>`) and a small state
 * file per dataset, written last (atomically): the run is committed when the state file moves on.
 * A crashed run leaves files that the next run (same run number) overwrites.
 */
export class FileSink implements Sink {
  readonly kind: FileFormat;
  readonly location: string;
  /** Number of the run about to be written (completed runs so far). */
  private run = 0;

  constructor(
    readonly dir: string,
    readonly format: FileFormat,
  ) {
    this.kind = format;
    this.location = resolve(dir);
  }

  async readState(dataset: Dataset): Promise<DatasetState | null> {
    const path = join(this.location, stateFileName(dataset.name));
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw inputError(`${path} is not valid JSON`, {
        file: path,
        hint: 'delete it to start the dataset over, or restore it',
      });
    }
    const parsed = DatasetStateSchema.safeParse(json);
    if (!parsed.success || parsed.data.dataset !== dataset.name) {
      throw inputError(`${path} is not a ${dataset.name} generator state`, {
        file: path,
        hint: 'write to an empty --out directory, or delete the state file to start the dataset over',
      });
    }
    this.run = parsed.data.runs;
    return parsed.data;
  }

  async prepare(_dataset: Dataset, tables: readonly TableSpec[]): Promise<void> {
    const prefix = `part-${String(this.run).padStart(5, '0')}-`;
    for (const table of tables) {
      const dir = join(this.location, table.name);
      await mkdir(dir, { recursive: true });
      // Files of this run number were never committed (a crashed run): remove them all, not only
      // those this run happens to overwrite.
      for (const name of await readdir(dir)) if (name.startsWith(prefix)) await rm(join(dir, name), { force: true });
    }
  }

  target(table: TableSpec, run: number, part: number): FileTarget {
    const name = `part-${String(run).padStart(5, '0')}-${String(part).padStart(5, '0')}.${FILE_EXTENSIONS[this.format]}`;
    return { path: join(this.location, table.name, name), format: this.format };
  }

  async commit(dataset: Dataset, files: readonly WrittenFile[], state: DatasetState): Promise<TableOutcome[]> {
    const path = join(this.location, stateFileName(dataset.name));
    const temp = `${path}.tmp-${process.pid}`;
    await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`);
    await rename(temp, path);
    return summarize(dataset.tables, files);
  }

  async abort(files: readonly WrittenFile[]): Promise<void> {
    await Promise.all(files.map((f) => rm(f.path, { force: true })));
  }
}
