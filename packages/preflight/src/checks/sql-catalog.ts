import { constants, existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { CheckContext, CheckDefinition, CheckOutcome } from '../contract.js';
import { CheckFailure } from '../failure.js';
import type { SqlCatalogProfile } from '../profiles.js';
import { probePostgres } from './postgres-probe.js';

/** The tables of an Iceberg SQL catalog (shared by PyIceberg's SqlCatalog and Java's JdbcCatalog). */
export const SQL_CATALOG_TABLES = ['iceberg_tables', 'iceberg_namespace_properties'];

export type SqlCatalogTarget = SqlCatalogProfile & { layers?: string[] };

export const sqlCatalogCheck: CheckDefinition<SqlCatalogTarget> = {
  id: 'catalog.sql',
  group: 'catalog',
  secretRefs: (p) => (p.password ? [p.password] : []),
  async run(profile, ctx) {
    if (profile.uri.startsWith('sqlite:')) return checkSqlite(profile, ctx);
    const url = new URL(profile.uri);
    const outcome = await probePostgres(
      {
        host: url.hostname,
        port: url.port ? Number(url.port) : 5432,
        user: decodeURIComponent(url.username),
        database: decodeURIComponent(url.pathname.slice(1)),
        password: profile.password ? ctx.secret(profile.password) : undefined,
        schema: url.searchParams.get('schema') ?? 'public',
        field: `${ctx.field}.uri`,
        expectTables: SQL_CATALOG_TABLES,
      },
      ctx,
    );
    return { ...outcome, message: `SQL catalog "${profile.name}": ${outcome.message}` };
  },
};

async function checkSqlite(profile: SqlCatalogTarget, ctx: CheckContext): Promise<CheckOutcome> {
  const raw = profile.uri.slice('sqlite:'.length);
  const file = isAbsolute(raw) ? raw : resolve(ctx.projectDir, raw);
  const details: Record<string, unknown> = { file, catalog: profile.name };
  if (!existsSync(file)) {
    const dir = await nearestExistingDir(dirname(file));
    try {
      await access(dir, constants.W_OK);
    } catch {
      throw new CheckFailure(
        'read-only',
        `SQLite catalog ${file} does not exist and ${dir} is not writable`,
        `Make ${dir} writable or point ${ctx.field}.uri elsewhere.`,
        { details },
      );
    }
    return {
      status: 'ok',
      message: `SQLite catalog ${file} not created yet; floe creates it (folder writable)`,
      details,
    };
  }
  const { default: SQLite } = await import('better-sqlite3');
  let db: Database.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true, timeout: Math.min(ctx.timeoutMs, 2000) });
  } catch (error) {
    throw new CheckFailure(
      'local',
      `cannot open SQLite catalog ${file}: ${(error as Error).message}`,
      `Check the file and its permissions (${ctx.field}.uri).`,
      { details },
    );
  }
  try {
    const present = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    const missing = SQL_CATALOG_TABLES.filter((t) => !present.has(t));
    if (missing.length === SQL_CATALOG_TABLES.length) {
      return {
        status: 'ok',
        message: `SQLite ${file} opened; catalog tables not created yet (floe creates them)`,
        details,
      };
    }
    if (missing.length > 0) {
      throw new CheckFailure(
        'bad-response',
        `SQLite catalog ${file} lacks ${missing.join(', ')}`,
        'The file is not an Iceberg SQL catalog (or a damaged one); point the uri at another file.',
        { details },
      );
    }
    const namespaces = new Set(
      (
        db
          .prepare(
            'SELECT table_namespace AS ns FROM iceberg_tables WHERE catalog_name = ? UNION SELECT namespace AS ns FROM iceberg_namespace_properties WHERE catalog_name = ?',
          )
          .all(profile.name, profile.name) as { ns: string }[]
      ).map((r) => r.ns),
    );
    const tables = (
      db.prepare('SELECT count(*) AS n FROM iceberg_tables WHERE catalog_name = ?').get(profile.name) as { n: number }
    ).n;
    const absent = (profile.layers ?? []).filter((ns) => !namespaces.has(ns));
    details.namespaces = [...namespaces].sort();
    details.tables = tables;
    details.missing_namespaces = absent;
    const writable = await isWritable(file);
    if (!writable) {
      throw new CheckFailure(
        'read-only',
        `SQLite catalog ${file} is read-only for this user`,
        `Make ${file} and its folder writable; floe commits by updating it.`,
        { details },
      );
    }
    const note = absent.length > 0 ? `; namespaces ${absent.join(', ')} not created yet (floe creates them)` : '';
    return {
      status: 'ok',
      message: `SQLite catalog "${profile.name}": ${tables} tables in ${namespaces.size} namespaces${note}`,
      details,
    };
  } finally {
    db.close();
  }
}

async function isWritable(file: string): Promise<boolean> {
  try {
    await access(file, constants.W_OK);
    await access(dirname(file), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function nearestExistingDir(dir: string): Promise<string> {
  let current = dir;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}
