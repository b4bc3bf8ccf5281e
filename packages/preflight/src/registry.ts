import { adlsCheck } from './checks/adls.js';
import { bigqueryCheck } from './checks/bigquery.js';
import { duckdbCheck } from './checks/duckdb.js';
import { gcsCheck } from './checks/gcs.js';
import { localStorageCheck } from './checks/local-storage.js';
import { postgresComputeCheck, postgresMetadataCheck } from './checks/postgres.js';
import { restCatalogCheck } from './checks/rest-catalog.js';
import { s3Check } from './checks/s3.js';
import { cubeCheck, dagsterCheck, openlineageCheck, otlpCheck } from './checks/services.js';
import { snowflakeCheck } from './checks/snowflake.js';
import { sqlCatalogCheck } from './checks/sql-catalog.js';
import { trinoCheck } from './checks/trino.js';
import type { CheckDefinition } from './contract.js';

/**
 * Check ids → implementations, the way Cube maps a database type to its driver. The planner looks a check
 * up by `<group>.<profile type>`; tests can swap an entry for one built with other options.
 */
export const checkRegistry = {
  'compute.duckdb': duckdbCheck,
  'compute.postgres': postgresComputeCheck,
  'compute.trino': trinoCheck,
  'compute.snowflake': snowflakeCheck(),
  'compute.bigquery': bigqueryCheck(),
  'storage.local': localStorageCheck,
  'storage.s3': s3Check,
  'storage.adls': adlsCheck,
  'storage.gcs': gcsCheck,
  'catalog.sql': sqlCatalogCheck,
  'catalog.rest': restCatalogCheck,
  'postgres.metadata': postgresMetadataCheck,
  'services.cube': cubeCheck,
  'services.dagster': dagsterCheck,
  'services.otlp': otlpCheck,
  'services.openlineage': openlineageCheck,
} satisfies Record<string, CheckDefinition<never>>;

export type CheckRegistry = typeof checkRegistry;
export type CheckId = keyof CheckRegistry;

export function isCheckId(id: string): id is CheckId {
  return id in checkRegistry;
}
