/**
 * The whole pipeline on the production-shaped "stack" topology, every service a real local process: versitygw (S3),
 * a REST catalog with OAuth2 on it (Apache Iceberg's RESTCatalogServer on S3FileIO, and Project Nessie 0.99), and
 * PostgreSQL for Dagster's metadata. From an empty bucket: floe generate → bronze on S3 through the REST catalog →
 * dbt → floe publish → Cube over gold on S3; then a second batch. Every credential is unique per start, and none may
 * appear in any output, failures included.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type LoadedProject, loadProject } from '@floe/core';
import { fileIOFor, openProjectCatalog, Table, tableIdentifier } from '@floe/iceberg';
import { REPO_ROOT } from '@floe/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTools, skipWithoutTool } from '../fixtures/stack/availability.js';
import { type Stack, type StackCatalog, stackAvailability, startStack } from '../fixtures/stack/stack.js';
import { type CliResult, cubeTotals, floe, goldOrderTotals } from './harness.js';
import { expectNoSecrets, exportEnv, filesContaining, pyicebergRestProperties, stackProject } from './stack-project.js';

const PLATFORM = 'platform/stack.yaml';

for (const catalog of ['iceberg-rest', 'nessie'] as const satisfies readonly StackCatalog[]) {
  const tools = stackAvailability(catalog);
  describe.skipIf(skipWithoutTool(...tools))(`the pipeline on the stack: ${catalog} + versitygw + PostgreSQL`, () => {
    let stack: Stack;
    let dir: string;
    let env: Record<string, string>;
    let loaded: LoadedProject;
    let restoreEnv: (() => void) | undefined;
    const outputs: CliResult[] = [];

    beforeAll(async () => {
      if (missingTools(...tools)) throw new Error(missingTools(...tools));
      stack = await startStack({ catalog, auth: 'oauth2' });
      dir = stackProject(stack, PLATFORM);
      env = stack.env();
      // The in-process readers below (direct DuckDB over gold) resolve the same secret references.
      restoreEnv = exportEnv(env);
      loaded = await loadProject({ projectDir: dir, platformFile: PLATFORM, noCache: true });
    }, 180_000);

    afterAll(async () => {
      restoreEnv?.();
      await stack?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const once = async () => {
      const result = await floe(['demo', '--once', '--json', '--project', dir, '--platform', PLATFORM], { env });
      outputs.push(result);
      expect(result.code, result.stderr.slice(-3000)).toBe(0);
      return JSON.parse(result.stdout) as {
        layers: Record<'bronze' | 'silver' | 'gold', Record<string, number>>;
        cube: { data: Record<string, unknown>[] };
      };
    };

    it('from an empty bucket to Cube, twice: every table in the bucket, Cube equal to DuckDB over gold', async () => {
      const s3 = fileIOFor(`s3://${stack.s3.bucket}`, {
        's3.endpoint': stack.s3.endpoint,
        's3.path-style-access': 'true',
        's3.region': stack.s3.region,
        's3.access-key-id': stack.s3.accessKeyId,
        's3.secret-access-key': stack.s3.secretAccessKey,
      });
      expect(await s3.list(`s3://${stack.s3.bucket}/`)).toEqual([]);

      const first = await once();
      expect(first.layers.bronze.raw_orders).toBeGreaterThan(0);
      expect(first.layers.gold.fct_orders).toBeGreaterThan(0);
      const direct1 = await goldOrderTotals(loaded);
      expect(direct1.count).toBeGreaterThan(0);
      expect(cubeTotals(first.cube.data)).toEqual(direct1);

      // Every file of every layer's current snapshot lives in the bucket, under the warehouse prefix.
      const catalogHandle = await openProjectCatalog(loaded);
      try {
        for (const [ns, name] of [
          ['bronze', 'raw_orders'],
          ['silver', 'stg_orders'],
          ['gold', 'fct_orders'],
        ] as const) {
          const table = await Table.load(catalogHandle, tableIdentifier([ns], name));
          expect(table.metadataLocation.startsWith(`s3://${stack.s3.bucket}/`)).toBe(true);
          const tasks = (await table.scan().planFiles()).tasks;
          expect(tasks.length).toBeGreaterThan(0);
          for (const task of tasks) {
            expect(task.dataFile.filePath.startsWith(`s3://${stack.s3.bucket}/`)).toBe(true);
            expect(await s3.exists(task.dataFile.filePath)).toBe(true);
          }
        }
      } finally {
        await catalogHandle.close();
      }

      const second = await once();
      expect(second.layers.bronze.raw_orders).toBeGreaterThan(first.layers.bronze.raw_orders ?? 0);
      const direct2 = await goldOrderTotals(loaded);
      expect(direct2.count).toBeGreaterThan(direct1.count);
      expect(cubeTotals(second.cube.data)).toEqual(direct2);
      expectNoSecrets(stack, outputs);
      // Nor in any file the runs left in the project: logs, Dagster's compute logs, profiles.yml, the DuckDB file.
      const secrets = Object.values(env).filter((v) => v.length >= 8);
      expect(filesContaining(dir, secrets)).toEqual([]);
    }, 900_000);

    it("PyIceberg's RestCatalog reads every bronze and gold table from the bucket: rows, snapshot, schema, files", async () => {
      const properties = pyicebergRestProperties(stack, { 'header.X-Iceberg-Access-Delegation': 'vended-credentials' });
      const { stdout } = await promisify(execFile)(
        join(REPO_ROOT, '.venv', 'bin', 'python'),
        [join(REPO_ROOT, 'testing', 'e2e', 'pyiceberg_rest_reader.py'), 'bronze', 'gold'],
        { env: { ...process.env, FLOE_PEER_CATALOG: JSON.stringify(properties) }, maxBuffer: 64 * 1024 * 1024 },
      );
      const peer = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<
        string,
        { rows: number; snapshot_id: string | null; schema_id: number; files: Array<[string, number]> }
      >;
      const catalogHandle = await openProjectCatalog(loaded);
      try {
        const names: string[] = [];
        for (const ns of ['bronze', 'gold']) {
          for (const id of await catalogHandle.listTables([ns])) {
            const name = `${ns}.${id.name}`;
            names.push(name);
            const table = await Table.load(catalogHandle, id);
            const tasks = (await table.scan().planFiles()).tasks;
            expect(peer[name], name).toEqual({
              rows: Number(table.currentSnapshot()?.summary['total-records'] ?? 0),
              snapshot_id: String(table.currentSnapshot()?.snapshotId),
              schema_id: table.schema().schemaId,
              files: tasks
                .map((t) => [t.dataFile.filePath, Number(t.dataFile.recordCount)] as [string, number])
                .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
            });
          }
        }
        expect(Object.keys(peer).sort()).toEqual(names.sort());
        expect(names.length).toBeGreaterThanOrEqual(9);
      } finally {
        await catalogHandle.close();
      }
    }, 300_000);

    it('reads and checks through the same catalog, and fails clearly without leaking a wrong or right credential', async () => {
      const platform = join(dir, PLATFORM);
      const tables = await floe(['tables', 'list', '--json', '--project', dir, '--platform', platform], { env });
      outputs.push(tables);
      expect(tables.code, tables.stderr).toBe(0);
      expect(tables.stdout).toContain('fct_orders');

      const preflight = await floe(['preflight', '--json', '--project', dir, '--platform', platform], { env });
      outputs.push(preflight);
      expect(preflight.code, preflight.stdout + preflight.stderr).toBe(0);

      const wrongSecret = `wrong-oauth2-${Math.random().toString(36).slice(2)}-canary`;
      const refused = await floe(['tables', 'list', '--json', '--project', dir, '--platform', platform], {
        env: { ...env, FLOE_STACK_OAUTH2_CLIENT_SECRET: wrongSecret },
      });
      expect(refused.code).not.toBe(0);
      expect(`${refused.stdout}${refused.stderr}`).toMatch(/catalog/i);

      const wrongKey = `wrong-s3-secret-${Math.random().toString(36).slice(2)}-canary`;
      const denied = await floe(
        ['tables', 'scan', 'gold.fct_orders', '--json', '--limit', '5', '--project', dir, '--platform', platform],
        { env: { ...env, FLOE_STACK_S3_SECRET_ACCESS_KEY: wrongKey } },
      );
      expect(denied.code).not.toBe(0);
      expectNoSecrets(stack, [...outputs, refused, denied], [wrongSecret, wrongKey]);
    }, 300_000);
  });
}
