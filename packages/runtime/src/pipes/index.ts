export {
  CONTEXT_ENV,
  decodeParam,
  MESSAGES_ENV,
  type PipesParams,
  PipesWriter,
  pipesParamsFromEnv,
} from './protocol.js';
export { matchAssetKey, type TableResult, tableResults } from './results.js';
export { type FloeExecutor, type FloeOutcome, runWithPipes } from './run.js';
