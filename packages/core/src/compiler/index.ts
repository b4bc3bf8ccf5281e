export { catalogStorageProfile, sqlitePath } from './catalog.js';
export {
  BRONZE_TABLE_PREFIX,
  type CompileInput,
  type CompileResult,
  compile,
  DEFAULT_PROFILES_DIR,
} from './compile.js';
export { publishMode } from './compute.js';
export {
  buildDbtProfile,
  DBT_PROFILE_NAME,
  type DbtProfile,
  DUCKDB_EXTENSIONS_ENV,
  PROJECT_DIR_ENV,
  renderProfilesYml,
} from './dbt-profile.js';
export type { ConfigProblem } from './problems.js';
export { collectSecrets } from './secrets.js';
export { joinLocation, normalizePath } from './storage.js';
