import type { CatalogProfileConfig, ComputeProfileConfig, PlatformConfig, StorageProfileConfig } from '@floe/core';

/** Profile types as the checks receive them (from @floe/core's platform.yaml schema). */
export type LocalStorageProfile = Extract<StorageProfileConfig, { type: 'local' }>;
export type S3StorageProfile = Extract<StorageProfileConfig, { type: 's3' }>;
export type GcsStorageProfile = Extract<StorageProfileConfig, { type: 'gcs' }>;
export type AdlsStorageProfile = Extract<StorageProfileConfig, { type: 'adls' }>;
export type SqlCatalogProfile = Extract<CatalogProfileConfig, { type: 'sql' }>;
export type RestCatalogProfile = Extract<CatalogProfileConfig, { type: 'rest' }>;
export type DuckdbComputeProfile = Extract<ComputeProfileConfig, { type: 'duckdb' }>;
export type TrinoComputeProfile = Extract<ComputeProfileConfig, { type: 'trino' }>;
export type SnowflakeComputeProfile = Extract<ComputeProfileConfig, { type: 'snowflake' }>;
export type BigqueryComputeProfile = Extract<ComputeProfileConfig, { type: 'bigquery' }>;
export type PostgresComputeProfile = Extract<ComputeProfileConfig, { type: 'postgres' }>;
export type DagsterMetadataProfile = PlatformConfig['orchestration']['dagster']['metadata'];
export type PostgresMetadataProfile = Extract<DagsterMetadataProfile, { type: 'postgres' }>;
