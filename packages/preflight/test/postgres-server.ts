/**
 * A REAL throwaway PostgreSQL cluster for tests (binaries from /usr/local/bin), in a temp folder on a
 * random loopback port, with password authentication (scram-sha-256). initdb refuses to run as root, so
 * as root the cluster runs as the `postgres` (or `nobody`) user.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { stopChild } from '../../../testing/fixtures/s3/versitygw.js';
import { closedPort } from '../../../testing/fixtures/stubs/net.js';

const BIN = '/usr/local/bin';

export function postgresAvailable(): boolean {
  return existsSync(join(BIN, 'initdb')) && existsSync(join(BIN, 'postgres'));
}

export interface PostgresServer {
  host: string;
  port: number;
  superuser: string;
  superPassword: string;
  /** Runs SQL as the superuser in `database` (default postgres). */
  sql(text: string, database?: string): Promise<void>;
  stop(): Promise<void>;
}

function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const user of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', user]).toString().trim());
      const gid = Number(execFileSync('id', ['-g', user]).toString().trim());
      return { uid, gid };
    } catch {}
  }
  throw new Error('running as root and neither a postgres nor a nobody user exists');
}

/** `tls`: serve TLS with a fresh self-signed certificate (ssl=on). */
export async function startPostgres(options: { tls?: boolean } = {}): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'floe-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  const superuser = 'floe_admin';
  const superPassword = `pg-${randomBytes(12).toString('hex')}`;
  writeFileSync(pwfile, superPassword);
  const owner = runAs();
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(pwfile, owner.uid, owner.gid);
  }
  chmodSync(dir, 0o700);
  const spawnOpts = owner ? { uid: owner.uid, gid: owner.gid } : {};
  execFileSync(
    join(BIN, 'initdb'),
    ['-D', data, '-U', superuser, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-sync'],
    { ...spawnOpts, stdio: 'ignore' },
  );
  const tlsArgs: string[] = [];
  if (options.tls) {
    const cert = join(data, 'server.crt');
    const key = join(data, 'server.key');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      {
        stdio: 'ignore',
      },
    );
    chmodSync(key, 0o600);
    if (owner) {
      chownSync(key, owner.uid, owner.gid);
      chownSync(cert, owner.uid, owner.gid);
    }
    tlsArgs.push('-c', 'ssl=on', '-c', `ssl_cert_file=${cert}`, '-c', `ssl_key_file=${key}`);
  }
  const port = await closedPort();
  const child: ChildProcess = spawn(
    join(BIN, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
      '-k',
      dir,
      '-c',
      'fsync=off',
      '-c',
      'max_connections=40',
      ...tlsArgs,
    ],
    { ...spawnOpts, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const sql = async (text: string, database = 'postgres') => {
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: superuser,
      password: superPassword,
      database,
      ssl: options.tls ? { rejectUnauthorized: false } : false,
    });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await sql('SELECT 1');
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`postgres did not start: ${(error as Error).message}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { host: '127.0.0.1', port, superuser, superPassword, sql, stop };
}
