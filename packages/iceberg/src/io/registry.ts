import { featureUnsupported } from '../errors.js';
import { AzureFileIO } from './azure.js';
import type { FileIO, StorageProperties } from './file-io.js';
import { GcsFileIO } from './gcs.js';
import { LocalFileIO } from './local.js';
import { MemoryFileIO } from './memory.js';
import { S3FileIO } from './s3.js';

/** Builds the FileIO of one storage backend from storage properties. The backend loads its SDK on first use. */
export type FileIOFactory = (properties: StorageProperties) => FileIO;

/**
 * Location scheme → backend. Each backend is a module of its own that depends only on the FileIO contract and loads
 * its cloud SDK lazily, so commands that never touch a bucket never load one.
 */
const BACKENDS = new Map<string, { backend: string; create: FileIOFactory }>();

export function registerFileIO(backend: string, schemes: readonly string[], create: FileIOFactory): void {
  for (const scheme of schemes) BACKENDS.set(scheme, { backend, create });
}

const local = new LocalFileIO();
const memory = new MemoryFileIO();
registerFileIO('local', ['file'], () => local);
registerFileIO('memory', ['memory'], () => memory);
registerFileIO('s3', ['s3', 's3a', 's3n'], (properties) => new S3FileIO(properties));
registerFileIO('gcs', ['gs', 'gcs'], (properties) => new GcsFileIO(properties));
registerFileIO('azure', ['abfss', 'abfs', 'wasbs', 'wasb', 'az'], (properties) => new AzureFileIO(properties));

/** Backends are cached by their properties, so one SDK client serves every table with the same configuration. */
const cache = new Map<string, FileIO>();

/** The scheme of a location; `file` for local paths. */
export function locationScheme(location: string): string {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(location);
  return m ? m[1]!.toLowerCase() : 'file';
}

/** The FileIO for a location, chosen by its scheme and configured with `properties`. */
export function fileIOFor(location: string, properties: StorageProperties = {}): FileIO {
  const scheme = locationScheme(location);
  const entry = BACKENDS.get(scheme);
  if (!entry || (scheme === 'file' && !location.startsWith('/') && !location.startsWith('file:'))) {
    throw featureUnsupported(
      `no storage backend for location ${location} (supported: local paths, ${[...BACKENDS.keys()].map((s) => `${s}://`).join(', ')})`,
      { location },
    );
  }
  const key = `${entry.backend}\u0000${JSON.stringify(Object.entries(properties).sort(([a], [b]) => a.localeCompare(b)))}`;
  let io = cache.get(key);
  if (!io) {
    io = entry.create(properties);
    if (cache.size > 256) cache.clear();
    cache.set(key, io);
  }
  return io;
}
