import type { DuckDBStorageAccess, FileInfo, FileIO } from './file-io.js';

const under = (location: string, root: string) => location === root || location.startsWith(`${root}/`);

/**
 * A FileIO that serves the locations a catalog recorded under one root (`from`) from another root (`to`): what a
 * project's local warehouse needs after the project was moved or copied. Listings are mapped back, so callers keep
 * comparing locations as the table metadata records them; nothing is ever read from or written to `from`.
 */
export class RelocatedFileIO implements FileIO {
  constructor(
    private readonly base: FileIO,
    private readonly from: string,
    private readonly to: string,
  ) {}

  private map(location: string): string {
    return under(location, this.from) ? `${this.to}${location.slice(this.from.length)}` : location;
  }

  private unmap(location: string): string {
    return under(location, this.to) ? `${this.from}${location.slice(this.to.length)}` : location;
  }

  read(location: string): Promise<Uint8Array> {
    return this.base.read(this.map(location));
  }
  write(location: string, data: Uint8Array | string): Promise<void> {
    return this.base.write(this.map(location), data);
  }
  writeIfAbsent(location: string, data: Uint8Array | string): Promise<boolean> {
    return this.base.writeIfAbsent(this.map(location), data);
  }
  exists(location: string): Promise<boolean> {
    return this.base.exists(this.map(location));
  }
  size(location: string): Promise<number> {
    return this.base.size(this.map(location));
  }
  delete(location: string): Promise<void> {
    return this.base.delete(this.map(location));
  }
  async list(prefix: string): Promise<FileInfo[]> {
    return (await this.base.list(this.map(prefix))).map((f) => ({ ...f, location: this.unmap(f.location) }));
  }
  localPath(location: string): string | undefined {
    return this.base.localPath(this.map(location));
  }
  duckdbPath(location: string): string | undefined {
    return this.base.duckdbPath(this.map(location));
  }
  duckdbAccess(location: string): Promise<DuckDBStorageAccess | undefined> {
    return this.base.duckdbAccess(this.map(location));
  }
}
