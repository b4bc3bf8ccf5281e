import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresServer, postgresAvailable, startPostgres } from '../../../testing/fixtures/postgres/server.js';
import {
  closedPort,
  type RunningServer,
  startBlackholeServer,
  UNRESOLVABLE_HOST,
} from '../../../testing/fixtures/stubs/net.js';
import { postgresComputeCheck, postgresMetadataCheck } from '../src/checks/postgres.js';
import { sqlCatalogCheck } from '../src/checks/sql-catalog.js';
import type { PostgresComputeProfile } from '../src/profiles.js';
import { runCheck } from './helpers.js';

describe.skipIf(!postgresAvailable())('PostgreSQL checks against a real PostgreSQL server', () => {
  let server: PostgresServer;
  let profile: PostgresComputeProfile;
  const writerPassword = 'writer-pw-7c1e2f9a';
  const readerPassword = 'reader-pw-5d8b3a0c';
  const secrets = { 'env:PG_PASSWORD': writerPassword };
  beforeAll(async () => {
    server = await startPostgres();
    await server.sql(`CREATE ROLE writer LOGIN PASSWORD '${writerPassword}'`);
    await server.sql(`CREATE ROLE reader LOGIN PASSWORD '${readerPassword}'`);
    await server.sql('CREATE DATABASE analytics OWNER writer');
    await server.sql('REVOKE CREATE ON SCHEMA public FROM PUBLIC', 'analytics');
    await server.sql('CREATE SCHEMA marts AUTHORIZATION writer', 'analytics');
    profile = {
      type: 'postgres',
      host: server.host,
      port: server.port,
      user: 'writer',
      password: 'env:PG_PASSWORD',
      database: 'analytics',
      schema: 'marts',
    };
  });
  afterAll(() => server?.stop());

  it('passes: connects, reports version and TLS, may create tables in the schema', async () => {
    const result = await runCheck(postgresComputeCheck, profile, secrets);
    expect(result.status, result.message).toBe('ok');
    expect(String(result.details.server_version)).toMatch(/^\d+/);
    expect(result.details.tls).toBe(false);
  });

  it('recognises a wrong password', async () => {
    const result = await runCheck(postgresComputeCheck, profile, { 'env:PG_PASSWORD': 'wrong-password-123' });
    expect(result.details.failure).toBe('unauthorized');
    expect(result.message).toContain('password authentication failed');
    expect(result.remediation).toContain('compute.test.password');
  });

  it('recognises a missing database', async () => {
    const result = await runCheck(postgresComputeCheck, { ...profile, database: 'nope' }, secrets);
    expect(result.details.failure).toBe('not-found');
    expect(result.remediation).toContain('CREATE DATABASE nope');
  });

  it('recognises a missing schema', async () => {
    const result = await runCheck(postgresComputeCheck, { ...profile, schema: 'gold' }, secrets);
    expect(result.details.failure).toBe('not-found');
    expect(result.remediation).toContain('CREATE SCHEMA gold');
  });

  it('recognises a user that may connect but not create tables (read-only)', async () => {
    const result = await runCheck(
      postgresComputeCheck,
      { ...profile, user: 'reader', schema: 'public' },
      { 'env:PG_PASSWORD': readerPassword },
    );
    expect(result.status).toBe('error');
    expect(result.details.failure).toBe('read-only');
    expect(result.remediation).toContain('GRANT CREATE ON SCHEMA public TO reader');
  });

  it('Dagster metadata: may create tables in public; its tables are not created yet', async () => {
    const result = await runCheck(
      postgresMetadataCheck,
      {
        type: 'postgres',
        host: server.host,
        port: server.port,
        user: 'writer',
        password: 'env:PG_PASSWORD',
        database: 'analytics',
      },
      secrets,
    );
    expect(result.status, result.message).toBe('ok');
    expect(result.details.missing_tables).toEqual(['runs', 'event_logs']);
  });

  it('TLS as configured: sslmode=require against a server without TLS is a TLS error', async () => {
    const previous = process.env.PGSSLMODE;
    process.env.PGSSLMODE = 'require';
    try {
      const result = await runCheck(postgresComputeCheck, profile, secrets);
      expect(result.details.failure, result.message).toBe('tls');
      expect(result.remediation).toContain('TLS');
    } finally {
      if (previous === undefined) delete process.env.PGSSLMODE;
      else process.env.PGSSLMODE = previous;
    }
  });

  it('SQL catalog on PostgreSQL: connects through the uri and password reference', async () => {
    const result = await runCheck(
      sqlCatalogCheck,
      {
        type: 'sql',
        uri: `postgresql://writer@${server.host}:${server.port}/analytics`,
        password: 'env:PG_PASSWORD',
        warehouse: 'lake',
        name: 'floe',
      },
      secrets,
    );
    expect(result.status, result.message).toBe('ok');
    expect(result.details.missing_tables).toEqual(['iceberg_tables', 'iceberg_namespace_properties']);
  });
});

describe('PostgreSQL network failures (local sockets)', () => {
  let blackhole: RunningServer;
  beforeAll(async () => {
    blackhole = await startBlackholeServer();
  });
  afterAll(() => blackhole?.stop());
  const base: PostgresComputeProfile = {
    type: 'postgres',
    host: '127.0.0.1',
    port: 5432,
    user: 'floe',
    password: 'env:PG_PASSWORD',
    database: 'floe',
    schema: 'public',
  };
  const secrets = { 'env:PG_PASSWORD': 'some-password-value' };

  it('connection refused', async () => {
    const result = await runCheck(postgresComputeCheck, { ...base, port: await closedPort() }, secrets);
    expect(result.details.failure).toBe('refused');
  });

  it('DNS failure', async () => {
    const result = await runCheck(postgresComputeCheck, { ...base, host: UNRESOLVABLE_HOST }, secrets);
    expect(result.details.failure).toBe('dns');
  });

  it('timeout against a server that never answers', async () => {
    const start = performance.now();
    const result = await runCheck(postgresComputeCheck, { ...base, port: blackhole.port }, secrets, { timeoutMs: 700 });
    expect(performance.now() - start).toBeLessThan(1700);
    expect(result.details.failure).toBe('timeout');
  });
});

describe.skipIf(!postgresAvailable())('PostgreSQL with TLS (a real server with a self-signed certificate)', () => {
  let server: PostgresServer;
  let profile: PostgresComputeProfile;
  const secrets = { 'env:PG_PASSWORD': 'tls-writer-pw-31a7' };
  beforeAll(async () => {
    server = await startPostgres({ tls: true });
    await server.sql("CREATE ROLE writer LOGIN PASSWORD 'tls-writer-pw-31a7'");
    await server.sql('CREATE DATABASE analytics OWNER writer');
    profile = {
      type: 'postgres',
      host: server.host,
      port: server.port,
      user: 'writer',
      password: 'env:PG_PASSWORD',
      database: 'analytics',
      schema: 'public',
    };
  });
  afterAll(() => server?.stop());

  async function withSslMode<T>(mode: string, fn: () => Promise<T>): Promise<T> {
    const previous = process.env.PGSSLMODE;
    process.env.PGSSLMODE = mode;
    try {
      return await fn();
    } finally {
      if (previous === undefined) delete process.env.PGSSLMODE;
      else process.env.PGSSLMODE = previous;
    }
  }

  it('reports TLS in use when the client asks for it without verification (PGSSLMODE=no-verify)', async () => {
    const result = await withSslMode('no-verify', () => runCheck(postgresComputeCheck, profile, secrets));
    expect(result.status, result.message).toBe('ok');
    expect(result.details.tls).toBe(true);
    expect(result.message).toContain('(TLS)');
  });

  it('reports a TLS error when the certificate must be verified and is self-signed (PGSSLMODE=verify-full)', async () => {
    const result = await withSslMode('verify-full', () => runCheck(postgresComputeCheck, profile, secrets));
    expect(result.details.failure, result.message).toBe('tls');
    expect(result.remediation).toContain('NODE_EXTRA_CA_CERTS');
  });

  it('reports no TLS when the client does not ask for it', async () => {
    const result = await withSslMode('disable', () => runCheck(postgresComputeCheck, profile, secrets));
    expect(result.status, result.message).toBe('ok');
    expect(result.details.tls).toBe(false);
  });
});
