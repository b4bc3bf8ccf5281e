import { createHash } from 'node:crypto';
import { SCHEMA_VERSION } from '../config/artifacts.js';
import { FLOE_VERSION } from '../version.js';

export interface SourceFiles {
  floeFile: string;
  floeText: string;
  platformFile: string;
  platformText: string;
}

/** Hash of everything CompiledArtifacts depends on: both files (names and bytes) and the compiler version. */
export function sourceHash(files: SourceFiles): string {
  const hash = createHash('sha256');
  for (const part of [
    `schema_version=${SCHEMA_VERSION}`,
    `floe_version=${FLOE_VERSION}`,
    files.floeFile,
    files.floeText,
    files.platformFile,
    files.platformText,
  ]) {
    hash.update(String(Buffer.byteLength(part)));
    hash.update(':');
    hash.update(part);
  }
  return `sha256:${hash.digest('hex')}`;
}
