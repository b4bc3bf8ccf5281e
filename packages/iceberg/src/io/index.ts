import { featureUnsupported } from '../errors.js';
import type { FileIO } from './file-io.js';
import { LocalFileIO } from './local.js';
import { MemoryFileIO } from './memory.js';

export * from './file-io.js';
export * from './local.js';
export * from './memory.js';

const shared = { local: new LocalFileIO(), memory: new MemoryFileIO() };

/** The FileIO for a location by its scheme (`memory://` or local paths / `file:`). */
export function fileIOFor(location: string): FileIO {
  if (location.startsWith('memory://')) return shared.memory;
  if (location.startsWith('/') || location.startsWith('file:')) return shared.local;
  throw featureUnsupported(`no FileIO for location ${location} (local paths, file: and memory: are supported)`, {
    location,
  });
}
