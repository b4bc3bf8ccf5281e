import { isAbsolute } from 'node:path';
import { stringify } from 'yaml';
import type { CompiledCompute, CompiledStorage } from '../config/artifacts.js';
import { secretEnvVar } from '../secrets/ref.js';

/** Environment variable holding the absolute project directory when dbt runs (set by floe's runtime). */
export const PROJECT_DIR_ENV = 'FLOE_PROJECT_DIR';

export const DBT_PROFILE_NAME = 'floe';

/** Environment variable naming floe's DuckDB extension directory (set by the runtime and images; @floe/iceberg reads it). */
export const DUCKDB_EXTENSIONS_ENV = 'FLOE_DUCKDB_EXTENSIONS';

export interface DbtProfile {
  /** profiles.yml as an object: `{ floe: { target, outputs: { <target>: {...} } } }`. */
  profile: Record<string, unknown>;
  /** Environment variables dbt reads → the secret reference the runtime resolves into it. */
  env: Record<string, string>;
}

const envVar = (name: string) => `{{ env_var('${name}') }}`;

/**
 * Builds the dbt profile for a compute profile. Paths are written relative to `FLOE_PROJECT_DIR` and secrets
 * as `env_var(...)` lookups, so the file is identical on every machine and never holds a credential.
 */
export function buildDbtProfile(
  compute: CompiledCompute,
  target: string,
  threads: number,
  storage?: CompiledStorage,
): DbtProfile {
  const env: Record<string, string> = {};
  const secret = (ref: string | null): string | undefined => {
    if (ref === null) return undefined;
    const name = secretEnvVar(ref);
    env[name] = ref;
    return envVar(name);
  };
  let output: Record<string, unknown>;
  switch (compute.type) {
    case 'duckdb': {
      const objectStore = storage ? duckdbStorageSecret(storage, secret) : undefined;
      // DuckDB's own settings from the platform's compute profile (dbt's `threads` above is dbt's concurrency).
      const settings = {
        ...(compute.threads ? { threads: compute.threads } : {}),
        ...(compute.memory_limit ? { memory_limit: compute.memory_limit } : {}),
      };
      output = {
        type: 'duckdb',
        path: isAbsolute(compute.path) ? compute.path : `{{ env_var('${PROJECT_DIR_ENV}') }}/${compute.path}`,
        threads,
        ...(compute.extensions.length > 0 ? { extensions: compute.extensions } : {}),
        ...(Object.keys(settings).length > 0 ? { settings } : {}),
        // With object storage: floe's extension directory (httpfs, aws, azure installed offline), given when the
        // database opens, since dbt-duckdb creates the secrets before it applies `settings`.
        ...(objectStore
          ? {
              config_options: {
                extension_directory: `{{ env_var('${DUCKDB_EXTENSIONS_ENV}') }}`,
                autoinstall_known_extensions: false,
              },
            }
          : {}),
        // dbt reads bronze through views over the bucket's Parquet files: a DuckDB secret for that bucket.
        ...(objectStore ? { secrets: [objectStore] } : {}),
      };
      break;
    }
    case 'postgres':
      output = {
        type: 'postgres',
        host: compute.host,
        port: compute.port,
        user: compute.user,
        ...(compute.password ? { password: secret(compute.password) } : {}),
        dbname: compute.database,
        schema: compute.schema,
        threads,
      };
      break;
    case 'trino':
      output = {
        type: 'trino',
        method: compute.jwt_token ? 'jwt' : compute.password ? 'ldap' : 'none',
        host: compute.host,
        port: compute.port,
        user: compute.user,
        ...(compute.password && !compute.jwt_token ? { password: secret(compute.password) } : {}),
        ...(compute.jwt_token ? { jwt_token: secret(compute.jwt_token) } : {}),
        database: compute.catalog,
        schema: compute.schema ?? 'default',
        http_scheme: compute.http_scheme,
        ...(compute.ca_certificate
          ? {
              cert: isAbsolute(compute.ca_certificate)
                ? compute.ca_certificate
                : `{{ env_var('${PROJECT_DIR_ENV}') }}/${compute.ca_certificate}`,
            }
          : {}),
        threads,
      };
      break;
    case 'snowflake':
      output = {
        type: 'snowflake',
        account: compute.account,
        user: compute.user,
        ...(compute.password ? { password: secret(compute.password) } : {}),
        ...(compute.private_key ? { private_key: secret(compute.private_key) } : {}),
        ...(compute.role ? { role: compute.role } : {}),
        warehouse: compute.warehouse,
        database: compute.database,
        schema: compute.schema ?? 'PUBLIC',
        threads,
      };
      break;
    case 'bigquery':
      output = {
        type: 'bigquery',
        method: compute.keyfile ? 'service-account-json' : 'oauth',
        project: compute.project,
        dataset: compute.dataset,
        location: compute.location,
        ...(compute.keyfile ? { keyfile_json: `{{ env_var('${secretEnvVar(compute.keyfile)}') | as_native }}` } : {}),
        threads,
      };
      if (compute.keyfile) env[secretEnvVar(compute.keyfile)] = compute.keyfile;
      break;
  }
  return { profile: { [DBT_PROFILE_NAME]: { target, outputs: { [target]: output } } }, env };
}

/**
 * The dbt-duckdb `secrets` entry that lets DuckDB read a storage profile's files (credentials as env_var lookups,
 * or the cloud's credential chain); undefined for local storage.
 */
function duckdbStorageSecret(
  storage: CompiledStorage,
  secret: (ref: string | null) => string | undefined,
): Record<string, string> | undefined {
  switch (storage.type) {
    case 'local':
      return undefined;
    case 's3': {
      const url = storage.endpoint ? new URL(storage.endpoint) : undefined;
      return {
        type: 's3',
        scope: `s3://${storage.bucket}`,
        region: storage.region,
        url_style: storage.path_style ? 'path' : 'vhost',
        ...(url ? { endpoint: url.host, use_ssl: String(url.protocol === 'https:') } : {}),
        ...(storage.credentials
          ? {
              key_id: secret(storage.credentials.access_key_id)!,
              secret: secret(storage.credentials.secret_access_key)!,
              ...(storage.credentials.session_token
                ? { session_token: secret(storage.credentials.session_token)! }
                : {}),
            }
          : { provider: 'credential_chain' }),
      };
    }
    // Scopes as @floe/iceberg's FileIOs name the files DuckDB opens (`gcs://bucket/…`, `az://<account>.blob…/…`).
    case 'gcs':
      return { type: 'gcs', scope: `gcs://${storage.bucket}`, provider: 'credential_chain' };
    case 'adls':
      return {
        type: 'azure',
        scope: `az://${storage.account}.blob.core.windows.net/${storage.container}`,
        account_name: storage.account,
        provider: 'credential_chain',
      };
  }
}

export function renderProfilesYml(profile: Record<string, unknown>): string {
  const header =
    '# Generated by `floe compile` from floe.yaml and the platform file. Do not edit.\n' +
    `# Paths use ${PROJECT_DIR_ENV}; secrets are env_var() lookups set by floe at run time.\n`;
  return header + stringify(profile, { lineWidth: 0, sortMapEntries: false });
}
