import { readFileSync } from 'node:fs';

/** The floe version written into CompiledArtifacts (the version of @floe/core). */
export const FLOE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
