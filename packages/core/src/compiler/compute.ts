import type { CompiledCompute } from '../config/artifacts.js';
import type { ComputeProfileConfig } from '../config/platform.js';
import { normalizePath } from './storage.js';

export function compileCompute(profile: string, config: ComputeProfileConfig): CompiledCompute {
  switch (config.type) {
    case 'duckdb':
      return {
        profile,
        type: 'duckdb',
        path: normalizePath(config.path),
        threads: config.threads ?? null,
        memory_limit: config.memory_limit ?? null,
        extensions: [...config.extensions],
      };
    case 'trino':
      return {
        profile,
        type: 'trino',
        host: config.host,
        port: config.port,
        user: config.user,
        password: config.password ?? null,
        jwt_token: config.jwt_token ?? null,
        catalog: config.catalog,
        schema: config.schema ?? null,
        http_scheme: config.http_scheme,
        ca_certificate: config.ca_certificate ? normalizePath(config.ca_certificate) : null,
      };
    case 'snowflake':
      return {
        profile,
        type: 'snowflake',
        account: config.account,
        user: config.user,
        password: config.password ?? null,
        private_key: config.private_key ?? null,
        role: config.role ?? null,
        warehouse: config.warehouse,
        database: config.database,
        schema: config.schema ?? null,
      };
    case 'bigquery':
      return {
        profile,
        type: 'bigquery',
        project: config.project,
        dataset: config.dataset,
        location: config.location,
        method: config.method,
        keyfile: config.keyfile ?? null,
      };
    case 'postgres':
      return {
        profile,
        type: 'postgres',
        host: config.host,
        port: config.port,
        user: config.user,
        password: config.password ?? null,
        database: config.database,
        schema: config.schema,
      };
  }
}

/** Engines that write Iceberg tables themselves publish with dbt; the others hand their results to floe publish. */
export function publishMode(compute: CompiledCompute): 'floe-publish' | 'dbt-native' {
  return compute.type === 'duckdb' || compute.type === 'postgres' ? 'floe-publish' : 'dbt-native';
}
