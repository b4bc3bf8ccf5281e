import { dataInvalid } from '../../errors.js';
import type { StorageProperties } from '../../io/file-io.js';
import { SqlCatalog } from './catalog.js';
import type { SqlDriver } from './driver.js';
import { PostgresDriver } from './postgres.js';
import { SqliteDriver } from './sqlite.js';

export * from './catalog.js';
export * from './driver.js';
export * from './postgres.js';
export * from './schema.js';
export * from './sqlite.js';

/**
 * A SQL catalog from a URI: `sqlite:///abs/path/catalog.db` (or a plain file path) or
 * `postgresql://user:pass@host:port/db` (also `postgres://`, `postgresql+psycopg2://`).
 */
export function sqlDriverFromUri(uri: string): SqlDriver {
  const pgMatch = /^postgres(?:ql)?(?:\+\w+)?:\/\/(.*)$/.exec(uri);
  if (pgMatch) return new PostgresDriver(`postgresql://${pgMatch[1]}`);
  const sqlite = /^sqlite(?:\+\w+)?:\/\/\/(.*)$/.exec(uri);
  if (sqlite) return new SqliteDriver(sqlite[1] === ':memory:' ? ':memory:' : `/${sqlite[1]!.replace(/^\/+/, '')}`);
  if (uri.startsWith('/')) return new SqliteDriver(uri);
  throw dataInvalid(
    `unsupported SQL catalog uri ${uri.replace(/\/\/[^@/]*@/, '//***@')} (use sqlite:///path or postgresql://...)`,
  );
}

export function createSqlCatalog(options: {
  name: string;
  uri: string;
  warehouse: string;
  storage?: StorageProperties;
}): SqlCatalog {
  return new SqlCatalog({
    name: options.name,
    driver: sqlDriverFromUri(options.uri),
    warehouse: options.warehouse,
    ...(options.storage ? { storage: options.storage } : {}),
  });
}
