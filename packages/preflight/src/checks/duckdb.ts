import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { CheckDefinition } from '../contract.js';
import { CheckFailure } from '../failure.js';
import type { DuckdbComputeProfile } from '../profiles.js';

/** Extensions floe's read path needs; built into the npm DuckDB. */
const REQUIRED_EXTENSIONS = ['parquet', 'json'];

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

export const duckdbCheck: CheckDefinition<DuckdbComputeProfile> = {
  id: 'compute.duckdb',
  group: 'compute',
  secretRefs: () => [],
  async run(profile, ctx) {
    const options: Record<string, string> = {};
    if (profile.threads) options.threads = String(profile.threads);
    if (profile.memory_limit) options.memory_limit = profile.memory_limit;
    let instance: DuckDBInstance;
    try {
      // Loaded on use: the native module is large.
      const { DuckDBInstance } = await import('@duckdb/node-api');
      // floe's own extension directory (installed offline by make setup / the images); never a download.
      const { duckdbInstanceOptions } = await import('@floe/iceberg');
      instance = await DuckDBInstance.create(':memory:', { ...duckdbInstanceOptions(), ...options });
    } catch (error) {
      throw new CheckFailure(
        'local',
        `DuckDB does not start: ${(error as Error).message.split('\n')[0]}`,
        'Check threads/memory_limit in the compute profile and that @duckdb/node-api installed its native binary.',
      );
    }
    const connection = await instance.connect();
    const onAbort = () => connection.interrupt();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const dir = await mkdtemp(join(tmpdir(), 'floe-preflight-duckdb-'));
    try {
      const version = String((await connection.runAndReadAll('SELECT version() AS v')).getRows()[0]?.[0] ?? '?');
      const extensions = [...new Set([...REQUIRED_EXTENSIONS, ...profile.extensions])];
      const missing: string[] = [];
      for (const extension of extensions) {
        try {
          await connection.run(`LOAD ${extension}`);
        } catch {
          missing.push(extension);
        }
      }
      if (missing.length > 0) {
        throw new CheckFailure(
          'local',
          `DuckDB ${version}: extension(s) not installed and not loadable offline: ${missing.join(', ')}`,
          `Install ${missing.join(', ')} for DuckDB ${version} into floe's extension directory (\`make setup\` does, ` +
            "from PyPI's duckdb-extension-* wheels; images run scripts/duckdb-extensions.sh and set " +
            'FLOE_DUCKDB_EXTENSIONS), or remove them from the compute profile.',
          { details: { version, missing } },
        );
      }
      const probe = join(dir, 'probe.parquet');
      await connection.run(`COPY (SELECT 42 AS answer) TO ${sqlString(probe)} (FORMAT parquet)`);
      const back = (await connection.runAndReadAll(`SELECT answer FROM read_parquet(${sqlString(probe)})`)).getRows();
      if (Number(back[0]?.[0]) !== 42) {
        throw new CheckFailure(
          'local',
          'DuckDB wrote a Parquet file but read back something else',
          'Check the temp folder.',
        );
      }
      const databaseFile = isAbsolute(profile.path) ? profile.path : resolve(ctx.projectDir, profile.path);
      const details = { version, extensions, database: databaseFile, temp_dir: tmpdir() };
      if (existsSync(databaseFile)) {
        try {
          await connection.run(`ATTACH ${sqlString(databaseFile)} AS floe_probe (READ_ONLY)`);
          await connection.run('DETACH floe_probe');
        } catch (error) {
          return {
            status: 'warning',
            message: `DuckDB ${version} works, but ${databaseFile} cannot be opened: ${(error as Error).message.split('\n')[0]}`,
            remediation: 'Another process may hold the database lock (a running demo); stop it, or check the file.',
            details,
          };
        }
      }
      return {
        status: 'ok',
        message: `DuckDB ${version}; extensions ${extensions.join(', ')} loaded; Parquet write/read in ${tmpdir()} ok`,
        details,
      };
    } catch (error) {
      if (ctx.signal.aborted && !(error instanceof CheckFailure)) {
        throw new CheckFailure(
          'timeout',
          'DuckDB did not finish in time',
          'Raise --timeout or lower the load on this machine.',
        );
      }
      throw error;
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      connection.closeSync();
      instance.closeSync();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
