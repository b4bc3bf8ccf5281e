import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { CheckContext, CheckOutcome } from '../contract.js';
import { CheckFailure, classifyNetworkError, timeoutFailure } from '../failure.js';

export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  database: string;
  password?: string | undefined;
  /** Schema in which floe (or Dagster) creates tables. */
  schema: string;
  /** Where in platform.yaml this connection is configured, e.g. `compute.pg`. */
  field: string;
  /** Tables that should already exist (reported when missing, creatable or not). */
  expectTables?: string[];
}

const PG_ERRORS: Record<string, (t: PostgresTarget) => [CheckFailure['kind'], string, string]> = {
  '28P01': (t) => [
    'unauthorized',
    `password authentication failed for user "${t.user}"`,
    `Check the password reference in ${t.field}.password: the value behind it is wrong for user "${t.user}".`,
  ],
  '28000': (t) => [
    'forbidden',
    `the server refuses user "${t.user}" (no pg_hba.conf entry or role cannot log in)`,
    `Allow "${t.user}" from this host in pg_hba.conf (or the managed service's network rules) and check the role has LOGIN.`,
  ],
  '3D000': (t) => [
    'not-found',
    `database "${t.database}" does not exist`,
    `Create it (CREATE DATABASE ${t.database} OWNER ${t.user}) or correct ${t.field}.database.`,
  ],
  '53300': () => [
    'unavailable',
    'the server has too many connections',
    'Raise max_connections or use a connection pooler.',
  ],
};

/** Connects, checks server version, TLS, and permission to create tables in the schema. */
export async function probePostgres(target: PostgresTarget, ctx: CheckContext): Promise<CheckOutcome> {
  const at = { address: `${target.host}:${target.port}`, field: target.field };
  const { default: postgres } = await import('pg');
  const client = new postgres.Client({
    host: target.host,
    port: target.port,
    user: target.user,
    database: target.database,
    password: target.password,
    connectionTimeoutMillis: ctx.timeoutMs,
    statement_timeout: ctx.timeoutMs,
    query_timeout: ctx.timeoutMs,
    application_name: 'floe-preflight',
  });
  client.on('error', () => {});
  const onAbort = () => {
    void client.end().catch(() => {});
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    try {
      await client.connect();
    } catch (error) {
      throw failureOf(error, target, ctx);
    }
    const info = await query(
      client,
      "SELECT current_setting('server_version') AS version, " +
        'COALESCE((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false) AS tls',
      target,
      ctx,
    );
    const version = String(info[0]?.version ?? '?');
    const tls = Boolean(info[0]?.tls);
    const details: Record<string, unknown> = { server_version: version, tls, host: at.address, schema: target.schema };
    const schemaRows = await query(client, 'SELECT 1 FROM pg_namespace WHERE nspname = $1', target, ctx, [
      target.schema,
    ]);
    if (schemaRows.length === 0) {
      throw new CheckFailure(
        'not-found',
        `schema "${target.schema}" does not exist in database "${target.database}"`,
        `Create it (CREATE SCHEMA ${target.schema} AUTHORIZATION ${target.user}) or correct ${target.field}.schema.`,
        { details },
      );
    }
    const missing: string[] = [];
    for (const table of target.expectTables ?? []) {
      const rows = await query(client, 'SELECT to_regclass($1) AS t', target, ctx, [`${target.schema}.${table}`]);
      if (rows[0]?.t === null) missing.push(table);
    }
    const probe = `floe_preflight_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    try {
      await query(client, 'BEGIN', target, ctx);
      await query(client, `CREATE TABLE ${quoteIdent(target.schema)}.${probe} (id integer)`, target, ctx);
    } catch (error) {
      if (error instanceof CheckFailure && error.details.sqlstate === '42501') {
        throw new CheckFailure(
          'read-only',
          `user "${target.user}" may not create tables in schema "${target.schema}" (connected, PostgreSQL ${version})`,
          `GRANT CREATE ON SCHEMA ${target.schema} TO ${target.user}; (or use a role that owns the schema)`,
          { details },
        );
      }
      throw error;
    } finally {
      await client.query('ROLLBACK').catch(() => {});
    }
    details.missing_tables = missing;
    const tlsText = tls ? 'TLS' : 'no TLS';
    if (missing.length > 0) {
      return {
        status: 'ok',
        message: `PostgreSQL ${version} (${tlsText}); can create tables in "${target.schema}"; ${missing.join(', ')} not yet created (floe creates them)`,
        details,
      };
    }
    return {
      status: 'ok',
      message: `PostgreSQL ${version} (${tlsText}) as "${target.user}"; can create tables in "${target.schema}"`,
      details,
    };
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await client.end().catch(() => {});
  }
}

async function query(
  client: pg.Client,
  sql: string,
  target: PostgresTarget,
  ctx: CheckContext,
  values: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  try {
    const result = await client.query(sql, values);
    return result.rows as Record<string, unknown>[];
  } catch (error) {
    throw failureOf(error, target, ctx);
  }
}

function failureOf(error: unknown, target: PostgresTarget, ctx: CheckContext): CheckFailure {
  const at = { address: `${target.host}:${target.port}`, field: target.field };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code in PG_ERRORS) {
    const [kind, message, remediation] = PG_ERRORS[code]!(target);
    return new CheckFailure(kind, message, remediation, { details: { sqlstate: code } });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/timeout/i.test(message)) return timeoutFailure(at, ctx.timeoutMs);
  if (/does not support SSL|SSL/i.test(message) && !code) {
    return new CheckFailure(
      'tls',
      `TLS negotiation with ${at.address} failed: ${message}`,
      `The client asks for TLS (PGSSLMODE=${process.env.PGSSLMODE ?? 'unset'}) and the server offers none (or the reverse): enable ssl on the server, or match PGSSLMODE to it.`,
    );
  }
  const network = classifyNetworkError(error, at, ctx.signal, ctx.timeoutMs);
  if (network) return network;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    return new CheckFailure(
      'bad-response',
      `PostgreSQL error ${code}: ${message}`,
      `See the PostgreSQL documentation for SQLSTATE ${code}.`,
      {
        details: { sqlstate: code },
      },
    );
  }
  if (/Connection terminated/i.test(message)) {
    return ctx.signal.aborted
      ? timeoutFailure(at, ctx.timeoutMs)
      : new CheckFailure(
          'reset',
          `${at.address} closed the connection`,
          `Check that ${target.field} points at a PostgreSQL server.`,
        );
  }
  return new CheckFailure(
    'bad-response',
    `${at.address}: ${message}`,
    `Check that ${target.field} points at a PostgreSQL server.`,
  );
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
