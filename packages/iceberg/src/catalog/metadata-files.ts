import { randomUUID } from 'node:crypto';
import { dataInvalid } from '../errors.js';
import type { FileIO } from '../io/file-io.js';
import { parseJson, stringifyJson } from '../json.js';
import { type TableMetadata, tableMetadataFromWire, tableMetadataToWire } from '../spec/table-metadata.js';

/** `<location>/metadata/00001-<uuid>.metadata.json`, numbered after the previous file. */
export function nextMetadataLocation(tableLocation: string, previous?: string): string {
  const m = previous ? /\/(\d+)-[^/]*\.metadata\.json$/.exec(previous) : null;
  const version = m ? Number(m[1]) + 1 : 0;
  return `${tableLocation.replace(/\/+$/, '')}/metadata/${String(version).padStart(5, '0')}-${randomUUID()}.metadata.json`;
}

export async function writeMetadataFile(io: FileIO, location: string, metadata: TableMetadata): Promise<void> {
  const ok = await io.writeIfAbsent(location, stringifyJson(tableMetadataToWire(metadata), 2));
  if (!ok) throw dataInvalid(`metadata file ${location} already exists`, { location });
}

export async function readMetadataFile(io: FileIO, location: string): Promise<TableMetadata> {
  if (location.endsWith('.gz')) {
    const { gunzipSync } = await import('node:zlib');
    const text = gunzipSync(await io.read(location)).toString('utf8');
    return tableMetadataFromWire(parseJson(text, location));
  }
  const text = new TextDecoder().decode(await io.read(location));
  return tableMetadataFromWire(parseJson(text, location));
}
