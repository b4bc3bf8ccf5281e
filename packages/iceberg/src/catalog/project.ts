import { isAbsolute } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  type CompiledArtifacts,
  type CompiledCatalog,
  type CompiledStorage,
  isFloeError,
  isSecretRef,
  type LoadedProject,
  operationError,
  resolvePath,
  resolveSecret,
} from '@floe/core';
import { prepareDuckDBStorage } from '../duckdb/storage.js';
import type { StorageProperties } from '../io/file-io.js';
import { fileIOFor } from '../io/registry.js';
import type { Catalog } from './catalog.js';
import { type CatalogProperties, loadCatalog } from './loader.js';

type Resolve = (ref: string) => string;

/** A storage profile of CompiledArtifacts as storage properties, its secret references resolved by `resolve`. */
export function storagePropertiesFromArtifacts(storage: CompiledStorage, resolve: Resolve): StorageProperties {
  switch (storage.type) {
    case 'local':
      return {};
    case 's3':
      return {
        's3.region': storage.region,
        's3.path-style-access': String(storage.path_style),
        ...(storage.endpoint ? { 's3.endpoint': storage.endpoint } : {}),
        ...(storage.credentials
          ? {
              's3.access-key-id': resolve(storage.credentials.access_key_id),
              's3.secret-access-key': resolve(storage.credentials.secret_access_key),
              ...(storage.credentials.session_token
                ? { 's3.session-token': resolve(storage.credentials.session_token) }
                : {}),
            }
          : {}),
      };
    case 'gcs':
      return {
        ...(storage.project ? { 'gcs.project-id': storage.project } : {}),
        ...(storage.endpoint ? { 'gcs.service.host': storage.endpoint } : {}),
        ...(storage.credentials ? { 'gcs.service-account-key': resolve(storage.credentials.service_account_key) } : {}),
      };
    case 'adls': {
      const c = storage.credentials ?? {};
      const secret = (key: string) => (c[key] ? resolve(c[key]) : undefined);
      const out: Record<string, string> = { 'adls.account-name': storage.account };
      if (storage.endpoint) out['adls.endpoint'] = storage.endpoint;
      const accountKey = secret('account_key');
      const sas = secret('sas_token');
      const clientSecret = secret('client_secret');
      if (accountKey) out['adls.account-key'] = accountKey;
      if (sas) out['adls.sas-token'] = sas;
      if (clientSecret && c.tenant_id && c.client_id) {
        Object.assign(out, {
          'adls.tenant-id': c.tenant_id,
          'adls.client-id': c.client_id,
          'adls.client-secret': clientSecret,
        });
      }
      return out;
    }
  }
}

/** The storage profile a catalog keeps its tables in (by profile name), or the project's default storage. */
function catalogStorage(artifacts: Pick<CompiledArtifacts, 'storage' | 'layers'>, catalog: CompiledCatalog) {
  const all = [
    artifacts.storage,
    artifacts.layers.bronze.storage,
    artifacts.layers.silver.storage,
    artifacts.layers.gold.storage,
  ];
  return all.find((s) => s.profile === catalog.storage) ?? artifacts.storage;
}

export interface CatalogPropertiesOptions {
  /** Project directory: relative local paths (SQLite file, local warehouse) resolve against it. */
  projectDir: string;
  /** Resolves secret references; default `resolveSecret` with the project directory as base. */
  resolve?: Resolve;
}

/**
 * The one function from CompiledArtifacts to catalog properties (for `loadCatalog`): the catalog profile, its
 * storage profile as `s3.*`/`gcs.*`/`adls.*` properties, secrets resolved at run time, local paths made absolute.
 * REST catalogs ask for vended credentials; the platform's storage credentials are the fallback.
 */
export function catalogPropertiesFromArtifacts(
  artifacts: Pick<CompiledArtifacts, 'catalog' | 'storage' | 'layers'>,
  options: CatalogPropertiesOptions,
  catalog: CompiledCatalog = artifacts.catalog,
): CatalogProperties {
  const resolve = options.resolve ?? ((ref: string) => resolveSecret(ref, { baseDir: options.projectDir }));
  const storage = catalogStorage(artifacts, catalog);
  const storageProps = storagePropertiesFromArtifacts(storage, resolve);
  const local = (path: string) => resolvePath({ projectDir: options.projectDir }, path);
  if (catalog.type === 'rest') {
    return {
      type: 'rest',
      uri: catalog.uri,
      warehouse: catalog.warehouse,
      ...(catalog.prefix ? { prefix: catalog.prefix } : {}),
      ...(catalog.oauth2
        ? {
            credential: `${isSecretRef(catalog.oauth2.client_id) ? resolve(catalog.oauth2.client_id) : catalog.oauth2.client_id}:${resolve(catalog.oauth2.client_secret)}`,
            scope: catalog.oauth2.scope,
            'oauth2-server-uri': catalog.oauth2.token_endpoint,
          }
        : {}),
      'header.X-Iceberg-Access-Delegation': 'vended-credentials',
      ...storageProps,
    };
  }
  const warehouse = /^[a-z][a-z0-9+.-]*:\/\//i.test(catalog.warehouse) ? catalog.warehouse : local(catalog.warehouse);
  let uri: string;
  if (catalog.driver === 'sqlite') {
    const path = catalog.path ?? 'catalog.db';
    uri = `sqlite://${isAbsolute(path) ? path : local(path)}`;
  } else {
    const password = catalog.password ? `:${encodeURIComponent(resolve(catalog.password))}` : '';
    const user = catalog.user ? `${encodeURIComponent(catalog.user)}${password}@` : '';
    uri = `postgresql://${user}${catalog.host ?? '127.0.0.1'}:${catalog.port ?? 5432}/${catalog.database ?? 'floe'}`;
  }
  return { type: 'sql', uri, warehouse, ...storageProps };
}

/**
 * Opens a project's catalog (or another compiled catalog of it, e.g. a layer's): CompiledArtifacts → properties →
 * `loadCatalog`. Failures become one FloeError naming the catalog profile and the platform file.
 */
export async function openProjectCatalog(
  loaded: LoadedProject,
  catalog: CompiledCatalog = loaded.artifacts.catalog,
): Promise<Catalog> {
  try {
    const properties = catalogPropertiesFromArtifacts(loaded.artifacts, { projectDir: loaded.projectDir }, catalog);
    return await loadCatalog(catalog.name, properties);
  } catch (error) {
    if (isFloeError(error)) throw error;
    throw operationError(
      `cannot open the Iceberg catalog "${catalog.profile}" (${catalog.type}): ${error instanceof Error ? error.message : String(error)}`,
      {
        file: loaded.platformFile,
        hint:
          catalog.type === 'rest'
            ? `check catalogs.${catalog.profile} (uri, warehouse, oauth2) in the platform file, and that ${catalog.uri} answers`
            : `check catalogs.${catalog.profile} in the platform file, and that the catalog is reachable`,
        cause: error,
      },
    );
  }
}

/**
 * Prepares a DuckDB connection to read and write every object-storage layer of a project (bronze, silver, gold) with
 * the platform's storage credentials: views over bronze files, dbt's models on them and publishing all resolve.
 */
export async function prepareProjectStorage(connection: DuckDBConnection, loaded: LoadedProject): Promise<void> {
  const layers = loaded.artifacts.layers;
  const seen = new Set<string>();
  for (const storage of [layers.bronze.storage, layers.silver.storage, layers.gold.storage]) {
    if (storage.type === 'local' || seen.has(storage.profile)) continue;
    seen.add(storage.profile);
    const properties = storagePropertiesFromArtifacts(storage, (ref) =>
      resolveSecret(ref, { baseDir: loaded.projectDir }),
    );
    await prepareDuckDBStorage(connection, fileIOFor(storage.root, properties), storage.root);
  }
}
