export const PACKAGE = '@floe/runtime';
export { type DbtRunResult, type RunDbtOptions, runDbt, runDbtOrThrow } from './dbt/run-dbt.js';
export * from './pipes/index.js';
export { findTool, floeCommand, floePipesCommand, ORCHESTRATION_DIR, REPO_ROOT, toolDirs } from './tools.js';
