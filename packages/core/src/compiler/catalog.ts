import type { CompiledCatalog, CompiledStorage } from '../config/artifacts.js';
import type { CatalogProfileConfig } from '../config/platform.js';
import { normalizePath } from './storage.js';

/** The storage profile a catalog keeps its data in, if it names one. */
export function catalogStorageProfile(config: CatalogProfileConfig): string | undefined {
  return config.type === 'sql' ? config.warehouse : config.storage;
}

export function compileCatalog(
  profile: string,
  config: CatalogProfileConfig,
  storage: CompiledStorage | undefined,
): CompiledCatalog {
  if (config.type === 'rest') {
    return {
      profile,
      type: 'rest',
      name: profile,
      uri: config.uri.replace(/\/+$/, ''),
      warehouse: config.warehouse,
      prefix: config.prefix ?? null,
      storage: storage?.profile ?? null,
      oauth2: config.oauth2
        ? {
            token_endpoint: config.oauth2.token_endpoint,
            client_id: config.oauth2.client_id,
            client_secret: config.oauth2.client_secret,
            scope: config.oauth2.scope,
          }
        : null,
    };
  }
  const sqlite = config.uri.startsWith('sqlite:');
  const url = sqlite ? undefined : new URL(config.uri);
  return {
    profile,
    type: 'sql',
    name: config.name,
    driver: sqlite ? 'sqlite' : 'postgresql',
    uri: config.uri,
    path: sqlite ? sqlitePath(config.uri) : null,
    host: url ? url.hostname : null,
    port: url ? (url.port === '' ? 5432 : Number(url.port)) : null,
    database: url ? decodeURIComponent(url.pathname.slice(1)) : null,
    user: url && url.username !== '' ? decodeURIComponent(url.username) : null,
    password: config.password ?? null,
    storage: config.warehouse,
    warehouse: storage?.root ?? '',
  };
}

/** `sqlite:rel/path`, `sqlite:/abs/path`, and SQLAlchemy's `sqlite:///rel` / `sqlite:////abs`. */
export function sqlitePath(uri: string): string {
  let rest = uri.slice('sqlite:'.length);
  if (rest.startsWith('///')) rest = rest.slice(3);
  else if (rest.startsWith('//')) rest = rest.slice(2);
  return normalizePath(rest);
}
