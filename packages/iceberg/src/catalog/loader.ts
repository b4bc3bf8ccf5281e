import { IcebergError } from '../errors.js';
import { storageProperties } from '../io/file-io.js';
import type { Catalog } from './catalog.js';
import { MemoryCatalog } from './memory.js';
import { connectRestCatalog } from './rest/catalog.js';
import { createSqlCatalog } from './sql/index.js';

/**
 * Catalog configuration as Iceberg catalog properties: `type` (sql, rest, memory), `uri`, `warehouse`, and per type
 * `prefix`, `credential` (`client_id:client_secret`), `token`, `scope`, `oauth2-server-uri`,
 * `header.<name>`, plus storage properties (`s3.*`, `gcs.*`, `adls.*`, `client.*`) for the table files.
 */
export type CatalogProperties = Readonly<Record<string, string>>;

export type CatalogBuilder = (name: string, properties: CatalogProperties) => Promise<Catalog>;

const BUILDERS = new Map<string, CatalogBuilder>();

/** Adds a catalog implementation to the loader under its `type`. */
export function registerCatalogType(type: string, builder: CatalogBuilder): void {
  BUILDERS.set(type, builder);
}

const required = (properties: CatalogProperties, key: string, type: string): string => {
  const value = properties[key];
  if (!value) {
    throw new IcebergError('DataInvalid', `catalog property ${key} is required for a ${type} catalog`, {
      context: { property: key },
    });
  }
  return value;
};

registerCatalogType(
  'memory',
  async (name, properties) =>
    new MemoryCatalog({ name, ...(properties.warehouse ? { warehouse: properties.warehouse } : {}) }),
);

registerCatalogType('sql', async (name, properties) =>
  createSqlCatalog({
    name,
    uri: required(properties, 'uri', 'sql'),
    warehouse: required(properties, 'warehouse', 'sql'),
    storage: storageProperties(properties),
  }),
);

registerCatalogType('rest', async (name, properties) => {
  const credential = properties.credential;
  const split = credential ? credential.indexOf(':') : -1;
  const headers = Object.fromEntries(
    Object.entries(properties)
      .filter(([k]) => k.startsWith('header.'))
      .map(([k, v]) => [k.slice('header.'.length), v]),
  );
  const delegation = Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-iceberg-access-delegation');
  return connectRestCatalog({
    name,
    uri: required(properties, 'uri', 'rest'),
    ...(properties.warehouse ? { warehouse: properties.warehouse } : {}),
    ...(properties.prefix ? { prefix: properties.prefix } : {}),
    ...(credential
      ? {
          credential:
            split < 0
              ? { clientId: '', clientSecret: credential }
              : { clientId: credential.slice(0, split), clientSecret: credential.slice(split + 1) },
        }
      : {}),
    ...(properties.token ? { token: properties.token } : {}),
    ...(properties.scope ? { scope: properties.scope } : {}),
    ...(properties['oauth2-server-uri'] ? { oauth2ServerUri: properties['oauth2-server-uri'] } : {}),
    headers: Object.fromEntries(
      Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'x-iceberg-access-delegation'),
    ),
    ...(delegation?.[1] === 'vended-credentials' ? { accessDelegation: 'vended-credentials' as const } : {}),
    storage: storageProperties(properties),
  });
});

/**
 * Opens a catalog by its `type` property through the registered implementations (the way iceberg-rust's catalog
 * loader maps a type to a builder). Every caller in floe opens catalogs here.
 */
export async function loadCatalog(name: string, properties: CatalogProperties): Promise<Catalog> {
  const type = properties.type ?? 'sql';
  const builder = BUILDERS.get(type);
  if (!builder) {
    throw new IcebergError(
      'FeatureUnsupported',
      `unknown catalog type ${type} (known: ${[...BUILDERS.keys()].sort().join(', ')})`,
      { context: { type } },
    );
  }
  return builder(name, properties);
}
