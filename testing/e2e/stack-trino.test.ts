/**
 * The demo pipeline with Trino as compute, on the production-shaped stack, every service a real local process:
 * versitygw (S3), Apache Iceberg's REST catalog with OAuth2 on it, PostgreSQL for Dagster's metadata and Trino 476
 * whose iceberg catalog `lake` is that REST catalog. From an empty bucket, twice: floe generate → bronze → dbt-trino
 * builds silver and gold as Iceberg tables itself (publish mode dbt-native) → Cube on Trino.
 *
 * The reference is the DuckDB compute: the same dbt project built by floe's DuckDB from the same bronze snapshots.
 * Every published table must equal it row for row, after the first batch and after the second (where Trino's
 * incremental models merge the new batch, and DuckDB builds from scratch with --full-refresh).
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { type LoadedProject, loadProject } from '@floe/core';
import { duckdbInstanceOptions, openProjectCatalog, scanSql, Table, tableIdentifier } from '@floe/iceberg';
import { REPO_ROOT, runDbtOrThrow } from '@floe/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTools, skipWithoutTool } from '../fixtures/stack/availability.js';
import { type Stack, stackAvailability, startStack } from '../fixtures/stack/stack.js';
import { type CliResult, cubeTotals, floe, goldOrderTotals } from './harness.js';
import { expectNoSecrets, exportEnv, filesContaining, pyicebergRestProperties, stackProject } from './stack-project.js';

const TRINO_PLATFORM = 'platform/stack-trino.yaml';
const DUCKDB_PLATFORM = 'platform/stack.yaml';

interface OnceJson {
  layers: Record<'bronze' | 'silver' | 'gold', Record<string, number>>;
  cube: { data: Record<string, unknown>[]; mode: string } | null;
}

const tools = stackAvailability('iceberg-rest', 'trino');

describe.skipIf(skipWithoutTool(...tools))('the pipeline with Trino as compute: REST catalog + S3 + Trino', () => {
  let stack: Stack;
  let trinoDir: string;
  let duckDir: string;
  let env: Record<string, string>;
  let trinoProject: LoadedProject;
  let restoreEnv: (() => void) | undefined;
  const outputs: CliResult[] = [];

  beforeAll(async () => {
    if (missingTools(...tools)) throw new Error(missingTools(...tools));
    stack = await startStack({ catalog: 'iceberg-rest', auth: 'oauth2', compute: 'trino' });
    trinoDir = stackProject(stack, TRINO_PLATFORM);
    duckDir = stackProject(stack, DUCKDB_PLATFORM);
    env = stack.env();
    restoreEnv = exportEnv(env);
    trinoProject = await loadProject({ projectDir: trinoDir, platformFile: TRINO_PLATFORM, noCache: true });
  }, 300_000);

  afterAll(async () => {
    restoreEnv?.();
    await stack?.stop();
    for (const dir of [trinoDir, duckDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const once = async (): Promise<OnceJson> => {
    const result = await floe(['demo', '--once', '--json', '--project', trinoDir, '--platform', TRINO_PLATFORM], {
      env,
    });
    outputs.push(result);
    expect(result.code, result.stderr.slice(-4000)).toBe(0);
    return JSON.parse(result.stdout) as OnceJson;
  };

  /**
   * The DuckDB reference: the DuckDB project's bronze views pinned to the current bronze snapshots (the ones Trino
   * just read), then the same dbt project built from scratch by DuckDB (--full-refresh); returns the DuckDB file
   * that holds silver and gold.
   */
  const duckdbReference = async (): Promise<string> => {
    const views = await floe(
      ['publish', '--bronze-views', '--json', '--project', duckDir, '--platform', DUCKDB_PLATFORM],
      {
        env,
      },
    );
    outputs.push(views);
    expect(views.code, views.stderr).toBe(0);
    const loaded = await loadProject({ projectDir: duckDir, platformFile: DUCKDB_PLATFORM, noCache: true });
    const dbt = loaded.artifacts.transforms.dbt;
    if (!dbt || loaded.artifacts.compute.type !== 'duckdb') throw new Error('the DuckDB reference needs dbt on DuckDB');
    const result = await runDbtOrThrow({
      args: ['build', '--vars', JSON.stringify(dbt.vars), '--full-refresh'],
      projectDir: join(duckDir, dbt.project),
      profilesDir: join(duckDir, dbt.profiles_dir),
      profile: dbt.profile_name,
      target: dbt.target,
      floeProjectDir: duckDir,
      env,
    });
    outputs.push({ code: 0, stdout: result.output, stderr: '' });
    return join(duckDir, loaded.artifacts.compute.path);
  };

  /** For every published table: rows only in Trino's Iceberg table, rows only in DuckDB's (EXCEPT ALL both ways). */
  const compareWithDuckDB = async (duckdbFile: string) => {
    const instance = await DuckDBInstance.create(':memory:', duckdbInstanceOptions());
    const connection = await instance.connect();
    const catalog = await openProjectCatalog(trinoProject);
    const differences: Record<string, { rows: number; onlyTrino: number; onlyDuckDB: number }> = {};
    try {
      await connection.run(`ATTACH '${duckdbFile.replaceAll("'", "''")}' AS floe (READ_ONLY)`);
      for (const entry of trinoProject.artifacts.publish) {
        expect(entry.mode).toBe('dbt-native');
        const schema = entry.layer; // the dbt schema of the layer in the DuckDB file (generate_schema_name)
        const described = await connection.runAndReadAll(`DESCRIBE floe.${schema}.${entry.model}`);
        const columns = described.getRowObjectsJS().map((row) => `"${String(row.column_name)}"`);
        const table = await Table.load(catalog, tableIdentifier([entry.namespace], entry.table));
        const trinoSql = await scanSql(table, {}, connection);
        const list = columns.join(', ');
        const count = async (sql: string) =>
          Number((await connection.runAndReadAll(`SELECT count(*) AS n FROM (${sql})`)).getRowObjectsJS()[0]?.n);
        const duck = `SELECT ${list} FROM floe.${schema}.${entry.model}`;
        const trino = `SELECT ${list} FROM (${trinoSql})`;
        differences[entry.identifier] = {
          rows: await count(trino),
          onlyTrino: await count(`${trino} EXCEPT ALL ${duck}`),
          onlyDuckDB: await count(`${duck} EXCEPT ALL ${trino}`),
        };
      }
    } finally {
      await catalog.close();
      connection.closeSync();
      instance.closeSync();
    }
    for (const [name, diff] of Object.entries(differences)) {
      expect(diff.rows, `${name} is empty`).toBeGreaterThan(0);
      expect({ name, onlyTrino: diff.onlyTrino, onlyDuckDB: diff.onlyDuckDB }).toEqual({
        name,
        onlyTrino: 0,
        onlyDuckDB: 0,
      });
    }
    return differences;
  };

  it('two batches from an empty bucket: Trino builds every layer, equal row for row to DuckDB, Cube on Trino equal to gold', async () => {
    expect(trinoProject.artifacts.compute.type).toBe('trino');
    expect(new Set(trinoProject.artifacts.publish.map((p) => p.mode))).toEqual(new Set(['dbt-native']));

    const firstSequence = new Map<string, bigint>();
    const first = await once();
    expect(first.layers.bronze.raw_orders).toBeGreaterThan(0);
    expect(first.layers.gold.fct_orders).toBeGreaterThan(0);
    const firstDiff = await compareWithDuckDB(await duckdbReference());
    expect(Object.keys(firstDiff).length).toBe(trinoProject.artifacts.publish.length);

    // Cube answers through Trino, equal to floe's own reading of the gold table Trino wrote.
    expect(first.cube).not.toBeNull();
    const direct1 = await goldOrderTotals(trinoProject);
    expect(direct1.count).toBeGreaterThan(0);
    expect(cubeTotals(first.cube?.data ?? [])).toEqual(direct1);

    // Trino wrote the tables itself, into the bucket: the data files of gold live under the warehouse.
    const catalog = await openProjectCatalog(trinoProject);
    try {
      const table = await Table.load(catalog, tableIdentifier(['gold'], 'fct_orders'));
      expect(table.metadataLocation.startsWith(`s3://${stack.s3.bucket}/`)).toBe(true);
      const tasks = (await table.scan().planFiles()).tasks;
      expect(tasks.length).toBeGreaterThan(0);
      for (const task of tasks) expect(task.dataFile.filePath.startsWith(`s3://${stack.s3.bucket}/`)).toBe(true);
      for (const fact of ['fct_orders', 'fct_order_items']) {
        const current = (await Table.load(catalog, tableIdentifier(['gold'], fact))).currentSnapshot();
        firstSequence.set(fact, current?.sequenceNumber ?? 0n);
      }
    } finally {
      await catalog.close();
    }

    // The second batch: Trino's incremental models merge it; DuckDB rebuilds everything from bronze.
    const second = await once();
    expect(second.layers.bronze.raw_orders).toBeGreaterThan(first.layers.bronze.raw_orders ?? 0);
    expect(second.layers.gold.fct_orders).toBeGreaterThan(first.layers.gold.fct_orders ?? 0);
    const secondDiff = await compareWithDuckDB(await duckdbReference());
    // Incremental on Trino: the second batch merged into the facts. Every snapshot since the first batch adds a part
    // of the rows (a merge), none all of them (CREATE OR REPLACE of a rebuild would), and some add rows.
    const catalog2 = await openProjectCatalog(trinoProject);
    try {
      for (const fact of ['fct_orders', 'fct_order_items']) {
        const table = await Table.load(catalog2, tableIdentifier(['gold'], fact));
        const since = table.snapshots().filter((snap) => snap.sequenceNumber > (firstSequence.get(fact) ?? 0n));
        expect(since.length, `${fact}: snapshots of the second batch`).toBeGreaterThan(0);
        const summaries = since.map((snap) => snap.summary as Record<string, string | undefined>);
        const added = summaries.map((summary) => Number(summary['added-records'] ?? 0));
        expect(Math.max(...added), `${fact}: rows the merge added`).toBeGreaterThan(0);
        for (const summary of summaries) {
          expect(Number(summary['added-records'] ?? 0), `${fact}: a merge, not a rewrite`).toBeLessThan(
            Number(summary['total-records'] ?? 0),
          );
        }
      }
    } finally {
      await catalog2.close();
    }
    expect(secondDiff['gold.fct_orders']?.rows).toBe(second.layers.gold.fct_orders);
    const direct2 = await goldOrderTotals(trinoProject);
    expect(direct2.count).toBeGreaterThan(direct1.count);
    expect(cubeTotals(second.cube?.data ?? [])).toEqual(direct2);

    expectNoSecrets(stack, outputs);
    const secrets = Object.values(env).filter((v) => v.length >= 8);
    expect(filesContaining(trinoDir, secrets)).toEqual([]);
  }, 1_200_000);

  it("PyIceberg's RestCatalog reads the silver and gold tables Trino wrote: the same rows, snapshots and files", async () => {
    const properties = pyicebergRestProperties(stack);
    const { stdout } = await promisify(execFile)(
      join(REPO_ROOT, '.venv', 'bin', 'python'),
      [join(REPO_ROOT, 'testing', 'e2e', 'pyiceberg_rest_reader.py'), 'silver', 'gold'],
      { env: { ...process.env, FLOE_PEER_CATALOG: JSON.stringify(properties) }, maxBuffer: 64 * 1024 * 1024 },
    );
    const peer = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<
      string,
      { rows: number; snapshot_id: string | null; files: Array<[string, number]> }
    >;
    // floe's own reader (scan planning with position and equality deletes, DuckDB) gives the rows to match.
    const instance = await DuckDBInstance.create(':memory:', duckdbInstanceOptions());
    const connection = await instance.connect();
    const catalog = await openProjectCatalog(trinoProject);
    try {
      for (const entry of trinoProject.artifacts.publish) {
        const table = await Table.load(catalog, tableIdentifier([entry.namespace], entry.table));
        const sql = await scanSql(table, {}, connection);
        const rows = Number(
          (await connection.runAndReadAll(`SELECT count(*) AS n FROM (${sql})`)).getRowObjectsJS()[0]?.n,
        );
        expect(rows, entry.identifier).toBeGreaterThan(0);
        expect(peer[entry.identifier], entry.identifier).toMatchObject({
          rows,
          snapshot_id: String(table.currentSnapshot()?.snapshotId),
        });
      }
    } finally {
      await catalog.close();
      connection.closeSync();
      instance.closeSync();
    }
  }, 300_000);
});
