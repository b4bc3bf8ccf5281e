export { writeFileAtomic } from '../util/atomic-write.js';
export {
  ARTIFACTS_FILE,
  DEFAULT_PLATFORM_FILE,
  displayPath,
  FLOE_FILE,
  OUTPUT_DIR,
  PLATFORM_ENV,
  PROFILES_FILE,
  projectRelative,
  resolvePlatformFile,
} from './files.js';
export { projectFolderDiagnostics } from './folders.js';
export { sourceHash } from './hash.js';
export {
  type LoadedProject,
  type LoadProjectOptions,
  loadProject,
  resolvePath,
  serializeArtifacts,
  type WrittenArtifacts,
  writeArtifacts,
} from './load.js';
