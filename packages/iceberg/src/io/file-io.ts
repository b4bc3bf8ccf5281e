/**
 * Storage behind a small interface. Paths are absolute locations (`/abs/path`, `file:///abs/path`,
 * `memory://bucket/key`). Writes are atomic: a reader sees the whole file or none of it.
 */
export interface FileIO {
  read(location: string): Promise<Uint8Array>;
  write(location: string, data: Uint8Array | string): Promise<void>;
  /** Writes only if nothing exists at `location`; false when the file already exists. */
  writeIfAbsent(location: string, data: Uint8Array | string): Promise<boolean>;
  exists(location: string): Promise<boolean>;
  delete(location: string): Promise<void>;
  /** Every file below a prefix (recursive), with its size and modification time. */
  list(prefix: string): Promise<Array<{ location: string; size: number; modifiedMs: number }>>;
  /** A path DuckDB can open directly (local files); undefined when DuckDB cannot read this storage. */
  localPath(location: string): string | undefined;
}

export function joinLocation(base: string, ...parts: string[]): string {
  let out = base.replace(/\/+$/, '');
  for (const p of parts) out += `/${p.replace(/^\/+/, '')}`;
  return out;
}
