/**
 * Storage behind a small interface. Locations are absolute (`/abs/path`, `file:///abs/path`, `memory://bucket/key`,
 * `s3://bucket/key`, `gs://bucket/key`, `abfss://container@account.dfs.core.windows.net/key`). Writes are atomic:
 * a reader sees the whole file or none of it. Object stores have no rename: every file floe writes gets a unique
 * name, and the catalog commit is the only step that has to be atomic across files.
 */
export interface FileIO {
  read(location: string): Promise<Uint8Array>;
  write(location: string, data: Uint8Array | string): Promise<void>;
  /** Writes only if nothing exists at `location`; false when the file already exists. */
  writeIfAbsent(location: string, data: Uint8Array | string): Promise<boolean>;
  exists(location: string): Promise<boolean>;
  /** Size in bytes of an existing file (NotFound otherwise). */
  size(location: string): Promise<number>;
  delete(location: string): Promise<void>;
  /** Every file below a prefix (recursive), with its size and modification time. */
  list(prefix: string): Promise<FileInfo[]>;
  /** The local file behind a location; undefined for storage that is not the local file system. */
  localPath(location: string): string | undefined;
  /** The path DuckDB opens for a location (a local path, `s3://...`); undefined when DuckDB cannot reach it. */
  duckdbPath(location: string): string | undefined;
  /**
   * What a DuckDB connection needs before it opens the `duckdbPath` of a location (an extension and a secret with
   * the current credentials); undefined for local files.
   */
  duckdbAccess(location: string): Promise<DuckDBStorageAccess | undefined>;
}

export interface FileInfo {
  location: string;
  size: number;
  modifiedMs: number;
}

/** A DuckDB extension and a secret (`CREATE SECRET`) that let DuckDB read and write a storage itself. */
export interface DuckDBStorageAccess {
  /** The extension DuckDB loads for this storage (from floe's extension directory). */
  readonly extension: 'httpfs' | 'azure';
  /** `CREATE SECRET` type and parameters, scoped to the storage root. Values are secret: never log them. */
  readonly secret?: {
    readonly type: 's3' | 'gcs' | 'azure';
    readonly scope: string;
    readonly params: Readonly<Record<string, string | boolean>>;
  };
}

/**
 * Storage configuration as Iceberg catalog properties (`s3.endpoint`, `s3.access-key-id`, `client.region`,
 * `gcs.project-id`, `adls.account-key`, ...): what a REST catalog's config and `loadTable` return, and what
 * floe derives from the platform's storage profile.
 */
export type StorageProperties = Readonly<Record<string, string>>;

/** The storage properties among catalog properties (`s3.*`, `gcs.*`, `adls.*`, `client.*`). */
export function storageProperties(properties: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).filter(([k]) => /^(s3|gcs|adls|client)\./.test(k)));
}

export function joinLocation(base: string, ...parts: string[]): string {
  let out = base.replace(/\/+$/, '');
  for (const p of parts) out += `/${p.replace(/^\/+/, '')}`;
  return out;
}

/** `scheme://authority/key` → its parts (scheme lower-cased); undefined for local paths. */
export function parseObjectLocation(location: string): { scheme: string; authority: string; key: string } | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/]*)\/?(.*)$/.exec(location);
  if (!m || m[1]!.toLowerCase() === 'file') return undefined;
  return { scheme: m[1]!.toLowerCase(), authority: m[2]!, key: m[3]! };
}
