import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFileIO } from './local.js';
import { fileIOFor } from './registry.js';
import { duckdbStorageSuite, fileIOConformanceSuite } from './testing/conformance.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'floe-local-io-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const io = new LocalFileIO();
fileIOConformanceSuite('local file system', { io: () => io, root: () => root });
duckdbStorageSuite('local files', { io: () => io, root: () => root });

describe('LocalFileIO', () => {
  it('is the backend of plain paths and file:// locations, and DuckDB needs nothing to open them', async () => {
    expect(fileIOFor('/tmp/x')).toBeInstanceOf(LocalFileIO);
    expect(fileIOFor('file:///tmp/x')).toBeInstanceOf(LocalFileIO);
    expect(io.localPath('file:///tmp/a%20b/c')).toBe('/tmp/a b/c');
    expect(await io.duckdbAccess()).toBeUndefined();
  });
});
