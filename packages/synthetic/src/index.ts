export const PACKAGE = '@floe/synthetic';

export type { ColumnData } from './columns/batch.js';
export { TableBatch } from './columns/batch.js';
export type { ColumnKind, ColumnSpec, TableSpec } from './columns/schema.js';
export type { Dataset, DatasetRun, GenerationMode, RunOptions, TimeWindow } from './datasets/dataset.js';
export { ecommerce } from './datasets/ecommerce/index.js';
export { DATASETS, datasetByName } from './datasets/registry.js';
export { saas } from './datasets/saas/index.js';
export {
  type DefectOptions,
  type DefectOptionsInput,
  DefectOptionsSchema,
  NO_DEFECTS,
  parseDefects,
} from './defects/options.js';
export { DEFAULT_ROWS_PER_FILE, type GenerateRequest, type GenerateResult, generate } from './generate.js';
export { type GenerateOptions, GenerateOptionsSchema, resolveRunOptions } from './options.js';
export { hashString, Random } from './random/prng.js';
export {
  ColumnarWriter,
  type FileFormat,
  type FileTarget,
  type WriterOptions,
  type WrittenFile,
} from './sinks/duckdb/writer.js';
export { FileSink, stateFileName } from './sinks/files.js';
export { IcebergSink, type IcebergSinkOptions, STATE_PROPERTIES } from './sinks/iceberg.js';
export { fieldIds, icebergSchema } from './sinks/iceberg-schema.js';
export type { Sink, TableOutcome } from './sinks/sink.js';
export { type DatasetState, DatasetStateSchema } from './state.js';
export { parseDuration } from './time/duration.js';
export { OFFICE_PATTERN, RETAIL_PATTERN, type TemporalPattern } from './time/pattern.js';
