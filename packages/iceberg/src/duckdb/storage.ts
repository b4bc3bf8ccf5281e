import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DUCKDB_EXTENSIONS_ENV } from '@floe/core';
import { IcebergError } from '../errors.js';
import type { DuckDBStorageAccess, FileIO } from '../io/file-io.js';
import { quoteString } from './types.js';

/**
 * The extension directory floe owns: `$FLOE_DUCKDB_EXTENSIONS`, else `.tools/duckdb-extensions` of the checkout this
 * package runs from (installed by `make setup` from PyPI's duckdb-extension-* wheels); undefined when neither exists.
 */
export function duckdbExtensionDirectory(): string | undefined {
  const fromEnv = process.env[DUCKDB_EXTENSIONS_ENV];
  if (fromEnv) return fromEnv;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, '.tools', 'duckdb-extensions');
    if (existsSync(candidate)) return candidate;
    const parent = resolve(dir, '..');
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** DuckDB instance options for floe: its extension directory, and no attempt to download extensions (offline). */
export function duckdbInstanceOptions(): Record<string, string> {
  const dir = duckdbExtensionDirectory();
  return dir ? { extension_directory: dir, autoinstall_known_extensions: 'false' } : {};
}

let secretQueue: Promise<void> = Promise.resolve();

/**
 * What was prepared, per DuckDB instance where known (extensions and secrets belong to the instance, so connections
 * of floe's shared instance prepare once), else per connection.
 */
const prepared = new WeakMap<object, { extensions: Set<string>; secrets: Map<string, string> }>();
const instanceOf = new WeakMap<DuckDBConnection, object>();

/** Tells the storage preparation which instance a connection belongs to (what it prepares is kept per instance). */
export function bindConnectionToInstance(connection: DuckDBConnection, instance: object): void {
  instanceOf.set(connection, instance);
}

function sqlValue(v: string | boolean): string {
  return typeof v === 'boolean' ? (v ? 'true' : 'false') : quoteString(v);
}

/** The `CREATE SECRET` statement for a storage access (holds credentials: never log it). */
function secretStatement(name: string, secret: NonNullable<DuckDBStorageAccess['secret']>): string {
  const params = Object.entries(secret.params).map(([k, v]) => `${k} ${sqlValue(v)}`);
  return `CREATE OR REPLACE SECRET ${name} (TYPE ${secret.type}, SCOPE ${quoteString(secret.scope)}${params.map((p) => `, ${p}`).join('')})`;
}

/**
 * Makes `location` readable and writable by DuckDB on `connection`: loads the storage's extension from floe's
 * extension directory and creates (or replaces, when the credentials changed) a secret scoped to the storage root.
 * A no-op for local files. Errors never carry the statement, since it holds credentials.
 */
export async function prepareDuckDBStorage(connection: DuckDBConnection, io: FileIO, location: string): Promise<void> {
  const access = await io.duckdbAccess(location);
  if (!access) return;
  const key = instanceOf.get(connection) ?? connection;
  let state = prepared.get(key);
  if (!state) {
    state = { extensions: new Set(), secrets: new Map() };
    prepared.set(key, state);
  }
  if (!state.extensions.has(access.extension)) {
    const dir = duckdbExtensionDirectory();
    try {
      if (dir) await connection.run(`SET extension_directory = ${quoteString(dir)}`);
      await connection.run(`LOAD ${access.extension}`);
      if (access.secret?.params.PROVIDER === 'credential_chain') await connection.run('LOAD aws');
    } catch (error) {
      throw new IcebergError(
        'FeatureUnsupported',
        `DuckDB cannot load its ${access.extension} extension${dir ? ` from ${dir}` : ''}: run \`make setup\` (or set ${DUCKDB_EXTENSIONS_ENV} to a directory holding the DuckDB ${access.extension} extension)`,
        { context: { extension: access.extension }, cause: error },
      );
    }
    state.extensions.add(access.extension);
  }
  const secret = access.secret;
  if (!secret) return;
  const statement = secretStatement(
    `floe_${secret.type}_${createHash('sha256').update(secret.scope).digest('hex').slice(0, 16)}`,
    secret,
  );
  const fingerprint = createHash('sha256').update(statement).digest('hex');
  if (state.secrets.get(secret.scope) === fingerprint) return;
  // Secrets belong to the DuckDB instance, not the connection: two connections replacing the same secret at once
  // conflict ("write-write conflict"), so creations are serialised in this process and a conflict is retried.
  const run = secretQueue.then(async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        await connection.run(statement);
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (attempt < 3 && /conflict/i.test(message)) continue;
        const redacted = Object.values(secret.params)
          .filter((v): v is string => typeof v === 'string' && v.length >= 4)
          .reduce((m, v) => m.split(v).join('***'), message);
        throw new IcebergError(
          'Unexpected',
          `DuckDB refused the ${secret.type} secret for ${secret.scope}: ${redacted}`,
          { context: { scope: secret.scope } },
        );
      }
    }
  });
  secretQueue = run.catch(() => undefined);
  await run;
  state.secrets.set(secret.scope, fingerprint);
}
