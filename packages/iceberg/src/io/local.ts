import { randomUUID } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IcebergError } from '../errors.js';
import type { FileInfo, FileIO } from './file-io.js';

export function toLocalPath(location: string): string {
  if (location.startsWith('file:'))
    return fileURLToPath(location.startsWith('file:///') ? location : `file://${location.slice(5)}`);
  return location;
}

const io = (op: string, location: string, error: unknown) =>
  (error as NodeJS.ErrnoException).code === 'ENOENT'
    ? new IcebergError('NotFound', `file not found: ${location}`, { context: { location }, cause: error })
    : new IcebergError('Unexpected', `cannot ${op} ${location}: ${(error as Error).message}`, {
        context: { location },
        cause: error,
      });

/** Local file system. Writes go to a temp file in the same directory, then rename (atomic). */
export class LocalFileIO implements FileIO {
  /** Directories known to exist (saves a mkdir per write). */
  private readonly dirs = new Set<string>();

  private async ensureDir(dir: string): Promise<void> {
    if (this.dirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    if (this.dirs.size > 10_000) this.dirs.clear();
    this.dirs.add(dir);
  }

  async read(location: string): Promise<Uint8Array> {
    try {
      return await readFile(toLocalPath(location));
    } catch (error) {
      throw io('read', location, error);
    }
  }

  async write(location: string, data: Uint8Array | string): Promise<void> {
    const path = toLocalPath(location);
    const tmp = `${path}.${randomUUID()}.tmp`;
    try {
      await this.ensureDir(dirname(path));
      try {
        await writeFile(tmp, data);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        this.dirs.delete(dirname(path)); // the directory was removed meanwhile
        await this.ensureDir(dirname(path));
        await writeFile(tmp, data);
      }
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true });
      throw io('write', location, error);
    }
  }

  async writeIfAbsent(location: string, data: Uint8Array | string): Promise<boolean> {
    const path = toLocalPath(location);
    const tmp = `${path}.${randomUUID()}.tmp`;
    try {
      await this.ensureDir(dirname(path));
      try {
        await writeFile(tmp, data);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        this.dirs.delete(dirname(path));
        await this.ensureDir(dirname(path));
        await writeFile(tmp, data);
      }
      await link(tmp, path); // fails with EEXIST when the target exists: atomic create-if-absent
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw io('write', location, error);
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  async exists(location: string): Promise<boolean> {
    try {
      await stat(toLocalPath(location));
      return true;
    } catch {
      return false;
    }
  }

  async size(location: string): Promise<number> {
    try {
      return (await stat(toLocalPath(location))).size;
    } catch (error) {
      throw io('stat', location, error);
    }
  }

  async delete(location: string): Promise<void> {
    await rm(toLocalPath(location), { force: true });
  }

  async list(prefix: string): Promise<FileInfo[]> {
    const root = toLocalPath(prefix);
    const out: FileInfo[] = [];
    const walk = async (dir: string) => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const p = join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (e.isFile()) {
          const s = await stat(p);
          out.push({ location: p, size: s.size, modifiedMs: s.mtimeMs });
        }
      }
    };
    await walk(root);
    return out;
  }

  localPath(location: string): string {
    return toLocalPath(location);
  }

  duckdbPath(location: string): string {
    return toLocalPath(location);
  }

  async duckdbAccess(): Promise<undefined> {
    return undefined;
  }
}
