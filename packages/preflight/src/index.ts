export const PACKAGE = '@floe/preflight';
export type { CheckContext, CheckDefinition, CheckOutcome, PlannedCheck } from './contract.js';
export { CheckFailure, type FailureKind } from './failure.js';
export { type LoadedPlatform, loadPlatformFile } from './load-platform.js';
export { ALL_GROUPS, type PlanOptions, planChecks } from './planner.js';
export { type PreflightOptions, runPreflight } from './preflight.js';
export { createRedactor } from './redactor.js';
export { type CheckId, checkRegistry } from './registry.js';
export { renderJson, renderTable } from './render/index.js';
export {
  type CheckResult,
  type CheckStatus,
  checkResultSchema,
  overallStatus,
  PREFLIGHT_REPORT_SCHEMA_ID,
  type PreflightReport,
  preflightReportJsonSchema,
  preflightReportSchema,
  REPORT_VERSION,
  type ServiceGroup,
} from './report.js';
export { type RunOptions, runChecks } from './runner.js';
