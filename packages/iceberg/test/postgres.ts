/**
 * A real, throwaway PostgreSQL cluster (binaries in /usr/local/bin) in a temp dir on a random
 * loopback port, trust auth. As root, the server runs as the `postgres` or `nobody` user.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const BIN = '/usr/local/bin';

export const postgresAvailable = () => existsSync(join(BIN, 'initdb')) && existsSync(join(BIN, 'postgres'));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function owner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const user of ['postgres', 'nobody']) {
    try {
      return {
        uid: Number(execFileSync('id', ['-u', user]).toString()),
        gid: Number(execFileSync('id', ['-g', user]).toString()),
      };
    } catch {}
  }
  throw new Error('running as root without a postgres or nobody user');
}

export interface Postgres {
  uri: string;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<Postgres> {
  const dir = mkdtempSync(join(tmpdir(), 'floe-iceberg-pg-'));
  const user = owner();
  if (user) chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o700);
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  const data = join(dir, 'data');
  execFileSync(join(BIN, 'initdb'), ['-D', data, '-U', 'floe', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
    ...as,
    stdio: 'ignore',
  });
  const port = await freePort();
  const child: ChildProcess = spawn(
    join(BIN, 'postgres'),
    ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'fsync=off', '-c', 'max_connections=60'],
    { ...as, stdio: 'ignore' },
  );
  const uri = `postgresql://floe@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (const deadline = Date.now() + 30_000; ; ) {
    const client = new pg.Client({ connectionString: uri });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`PostgreSQL did not start: ${(error as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { uri, stop };
}
