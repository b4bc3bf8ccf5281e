import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isIcebergError } from '../errors.js';
import { parseJson, stringifyJson } from '../json.js';
import { decodeManifest, EntryStatus, encodeManifest, partitionFieldTypes } from './manifest.js';
import { decodeManifestList, encodeManifestList } from './manifest-list.js';
import { parseTableMetadata, tableMetadataFromWire, tableMetadataToWire } from './table-metadata.js';

const TESTDATA = join(import.meta.dirname, '../../testdata');
const read = (path: string) => readFileSync(join(TESTDATA, path));
const metadata = (path: string) => tableMetadataFromWire(parseJson(read(path).toString('utf8')));

describe('golden table metadata', () => {
  it('parses PyIceberg 0.12 metadata with exact 64-bit snapshot ids and round-trips it', () => {
    const m = metadata('metadata/pyiceberg-v2.metadata.json');
    expect(m.formatVersion).toBe(2);
    expect(m.currentSnapshotId).toBe(2458163127269090598n);
    expect(m.snapshots.map((s) => s.snapshotId)).toEqual([1214839310256239642n, 2458163127269090598n]);
    expect(m.snapshots[1]!.parentSnapshotId).toBe(1214839310256239642n);
    expect(m.partitionSpecs[1]!.fields).toEqual([{ sourceId: 3, fieldId: 1000, name: 'day', transform: 'identity' }]);
    const again = tableMetadataFromWire(parseJson(stringifyJson(tableMetadataToWire(m))));
    expect(again).toEqual(m);
  });

  it('the fast metadata parser agrees with the generic lossless parser', () => {
    for (const file of ['metadata/pyiceberg-v2.metadata.json', 'metadata/java-style-v1.metadata.json']) {
      expect(parseTableMetadata(read(file).toString('utf8'))).toEqual(metadata(file));
    }
    const wire = tableMetadataToWire(metadata('metadata/pyiceberg-v2.metadata.json'));
    const withStats = {
      ...wire,
      properties: { note: '"snapshot-id": 9223372036854775807' },
      statistics: [{ 'snapshot-id': 9007199254740993n, 'statistics-path': '/s.puffin', 'blob-metadata': [] }],
    };
    const parsed = parseTableMetadata(stringifyJson(withStats));
    expect(parsed.statistics).toEqual([
      { 'snapshot-id': 9007199254740993n, 'statistics-path': '/s.puffin', 'blob-metadata': [] },
    ]);
    expect(parsed.properties.note).toBe('"snapshot-id": 9223372036854775807');
  });

  it('upgrades the shape of v1 metadata (schema, partition-spec, -1 current snapshot)', () => {
    const m = metadata('metadata/java-style-v1.metadata.json');
    expect(m.formatVersion).toBe(1);
    expect(m.currentSnapshotId).toBeUndefined();
    expect(m.schemas[0]!.fields[1]!.doc).toBe('comment');
    expect(m.partitionSpecs[0]!.fields[0]!.fieldId).toBe(1000);
    expect(m.lastPartitionId).toBe(1000);
    expect(tableMetadataFromWire(parseJson(stringifyJson(tableMetadataToWire(m))))).toEqual(m);
  });

  const invalid = readdirSync(join(TESTDATA, 'invalid'));
  it.each(invalid)('rejects invalid/%s', (file) => {
    let error: unknown;
    try {
      metadata(`invalid/${file}`);
    } catch (e) {
      error = e;
    }
    expect(isIcebergError(error)).toBe(true);
    expect(['DataInvalid', 'FeatureUnsupported']).toContain((error as { kind: string }).kind);
  });
});

describe('golden Avro manifests written by PyIceberg', () => {
  const m = metadata('metadata/pyiceberg-v2.metadata.json');
  const spec = m.partitionSpecs[1]!;
  const types = partitionFieldTypes(spec, m.schemas[0]!);

  it('decodes the manifest list', () => {
    const list = decodeManifestList(read('avro/pyiceberg-manifest-list.avro'));
    expect(list).toHaveLength(2);
    expect(list.every((x) => x.partitionSpecId === 1)).toBe(true);
    expect(list.map((x) => x.addedSnapshotId).sort()).toEqual([1214839310256239642n, 2458163127269090598n].sort());
    const reencoded = decodeManifestList(
      encodeManifestList(list, { snapshotId: 2458163127269090598n, sequenceNumber: 2n }),
    );
    expect(reencoded).toEqual(list);
  });

  it('decodes the manifest: partition values, counts and bounds; re-encodes it identically', () => {
    const { entries, metadata: header } = decodeManifest(read('avro/pyiceberg-manifest.avro'), spec, types);
    expect(header['format-version']).toBe('2');
    expect(entries).toHaveLength(1);
    const e = entries[0]!;
    expect(e.status).toBe(EntryStatus.Added);
    expect(e.dataFile.partition).toEqual([19723]); // 2024-01-01 as days
    expect(e.dataFile.recordCount).toBe(1);
    expect(e.dataFile.valueCounts?.get(1)).toBe(1);
    const roundTrip = decodeManifest(encodeManifest(entries, { schema: m.schemas[0]!, spec }), spec, types);
    expect(roundTrip.entries).toEqual(entries);
  });
});
