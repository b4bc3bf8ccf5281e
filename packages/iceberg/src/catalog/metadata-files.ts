import { randomUUID } from 'node:crypto';
import { dataInvalid } from '../errors.js';
import type { FileIO } from '../io/file-io.js';
import { stringifyJson } from '../json.js';
import { parseTableMetadata, type TableMetadata, tableMetadataToWire } from '../spec/table-metadata.js';

/** `<location>/metadata/00001-<uuid>.metadata.json`, numbered after the previous file. */
export function nextMetadataLocation(tableLocation: string, previous?: string): string {
  const m = previous ? /\/(\d+)-[^/]*\.metadata\.json$/.exec(previous) : null;
  const version = m ? Number(m[1]) + 1 : 0;
  return `${tableLocation.replace(/\/+$/, '')}/metadata/${String(version).padStart(5, '0')}-${randomUUID()}.metadata.json`;
}

export async function writeMetadataFile(io: FileIO, location: string, metadata: TableMetadata): Promise<void> {
  const ok = await io.writeIfAbsent(location, stringifyJson(tableMetadataToWire(metadata)));
  if (!ok) throw dataInvalid(`metadata file ${location} already exists`, { location });
  remember(io, location, metadata);
}

function remember(io: FileIO, location: string, metadata: TableMetadata): void {
  let entries = cache.get(io);
  if (!entries) {
    entries = new Map();
    cache.set(io, entries);
  }
  entries.set(location, metadata);
  if (entries.size > CACHE_SIZE) entries.delete(entries.keys().next().value!);
}

/** Metadata files are immutable (unique names), so parsed metadata is cached per FileIO by location. */
const CACHE_SIZE = 8;
let cache = new WeakMap<FileIO, Map<string, TableMetadata>>();

/** Forgets every cached metadata file (benchmarks measuring cold reads). */
export function clearMetadataCache(): void {
  cache = new WeakMap();
}

export async function readMetadataFile(io: FileIO, location: string): Promise<TableMetadata> {
  let entries = cache.get(io);
  if (!entries) {
    entries = new Map();
    cache.set(io, entries);
  }
  const hit = entries.get(location);
  if (hit) {
    entries.delete(location);
    entries.set(location, hit);
    return hit;
  }
  const metadata = await readMetadataFileUncached(io, location);
  remember(io, location, metadata);
  return metadata;
}

async function readMetadataFileUncached(io: FileIO, location: string): Promise<TableMetadata> {
  if (location.endsWith('.gz')) {
    const { gunzipSync } = await import('node:zlib');
    const text = gunzipSync(await io.read(location)).toString('utf8');
    return parseTableMetadata(text, location);
  }
  const text = new TextDecoder().decode(await io.read(location));
  return parseTableMetadata(text, location);
}
