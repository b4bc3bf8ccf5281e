import { describe, expect, it } from 'vitest';
import { MemoryFileIO } from './memory.js';
import { fileIOFor } from './registry.js';
import { fileIOConformanceSuite } from './testing/conformance.js';

const io = new MemoryFileIO();
fileIOConformanceSuite('memory', { io: () => io, root: () => 'memory://conformance' });

describe('MemoryFileIO', () => {
  it('serves memory:// locations; DuckDB cannot reach it', () => {
    expect(fileIOFor('memory://bucket/key')).toBeInstanceOf(MemoryFileIO);
    expect(io.duckdbPath()).toBeUndefined();
    expect(io.localPath()).toBeUndefined();
  });
});
