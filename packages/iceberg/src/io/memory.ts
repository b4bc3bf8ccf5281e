import { IcebergError } from '../errors.js';
import type { FileInfo, FileIO } from './file-io.js';

/** In-process storage for tests and the in-memory catalog. */
export class MemoryFileIO implements FileIO {
  private readonly files = new Map<string, { data: Uint8Array; modifiedMs: number }>();

  async read(location: string): Promise<Uint8Array> {
    const f = this.files.get(location);
    if (!f) throw new IcebergError('NotFound', `file not found: ${location}`, { context: { location } });
    return f.data;
  }
  async write(location: string, data: Uint8Array | string): Promise<void> {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : Uint8Array.from(data);
    this.files.set(location, { data: bytes, modifiedMs: Date.now() });
  }
  async writeIfAbsent(location: string, data: Uint8Array | string): Promise<boolean> {
    if (this.files.has(location)) return false;
    await this.write(location, data);
    return true;
  }
  async exists(location: string): Promise<boolean> {
    return this.files.has(location);
  }
  async size(location: string): Promise<number> {
    return (await this.read(location)).length;
  }
  async delete(location: string): Promise<void> {
    this.files.delete(location);
  }
  async list(prefix: string): Promise<FileInfo[]> {
    return [...this.files.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .map(([location, f]) => ({ location, size: f.data.length, modifiedMs: f.modifiedMs }));
  }
  localPath(): undefined {
    return undefined;
  }
  duckdbPath(): undefined {
    return undefined;
  }
  async duckdbAccess(): Promise<undefined> {
    return undefined;
  }
}
