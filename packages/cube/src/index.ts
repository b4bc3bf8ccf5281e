export { type CubeLoadResult, type CubeMeta, type CubeQuery, cubeLoad, cubeMeta } from './client.js';
export { type CubeDbType, type CubeMode, cubeEnvironment } from './environment.js';
export { generateApiSecret, signCubeToken } from './jwt.js';
export type { CubeLogger } from './logger.js';
export { detectCubeNative, type NativeStatus } from './native.js';
export { type ProjectCubeOptions, projectCubeOptions, projectTrinoConnection } from './project.js';
export type { CubeServer, StartCubeOptions } from './server.js';
export { startCube } from './start.js';
export { TableBinder } from './tables/binder.js';
export { IcebergTableSource, type IcebergTableSourceOptions } from './tables/iceberg-source.js';
export { ParquetTableSource } from './tables/parquet-source.js';
export type { TableSource, TableState } from './tables/source.js';
export { rewriteFloeSnapshot, type SnapshotRewriteOptions, type TrinoConnection } from './trino/snapshot.js';

export const PACKAGE = '@floe/cube';
