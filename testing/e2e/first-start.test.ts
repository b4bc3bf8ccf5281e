import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject } from '@floe/core';
import { cubeLoad, freePort, ORDERS_QUERY, REPO_ROOT } from '@floe/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { createDemoProject } from '../../packages/runtime/test/project-fixture.js';
import { cubeTotals, FLOE_BIN, floe, goldOrderTotals } from './harness.js';

const layersSchema = (text: string) =>
  JSON.parse(text) as { layers: Record<'bronze' | 'silver' | 'gold', Record<string, number>> };

/**
 * `floe demo` (what `make demo` runs) on a fresh project: it starts Dagster and Cube, seeds the empty warehouse with
 * one batch through Dagster, and the seeded orders reach gold and Cube without anyone triggering anything.
 */
describe('floe demo on first start (e2e)', () => {
  const dir = createDemoProject({ rows: 120, schedules: [] });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds the empty warehouse through Dagster; the orders reach gold and Cube; Ctrl-C stops everything', async () => {
    const dagsterPort = await freePort();
    const cubePort = await freePort();
    const demo = spawn(
      process.execPath,
      [FLOE_BIN, 'demo', '--project', dir, '--dagster-port', String(dagsterPort), '--cube-port', String(cubePort)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, CUBEJS_API_SECRET: 'first-start-test-secret-0123456789' },
      },
    );
    let stdout = '';
    let stderr = '';
    demo.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    demo.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    const exited = new Promise<number | null>((resolve) => demo.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 300_000;
      while (!stdout.includes('Press Ctrl-C to stop.')) {
        if (demo.exitCode !== null) throw new Error(`floe demo exited early:\n${stderr.slice(-3000)}`);
        if (Date.now() > deadline) throw new Error(`floe demo did not start:\n${stderr.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(stdout).toContain('Seeding the empty warehouse now.');

      // Nobody triggers anything: the seed batch alone fills bronze, silver and gold.
      let layers = layersSchema('{"layers":{"bronze":{},"silver":{},"gold":{}}}').layers;
      while ((layers.gold.fct_orders ?? 0) === 0) {
        if (demo.exitCode !== null) throw new Error(`floe demo exited:\n${stderr.slice(-3000)}`);
        if (Date.now() > deadline) throw new Error(`the seed batch never reached gold: ${JSON.stringify(layers)}`);
        await new Promise((r) => setTimeout(r, 2_000));
        const status = await floe(['demo', '--status', '--json', '--project', dir]);
        if (status.code === 0) layers = layersSchema(status.stdout).layers;
      }
      expect(layers.bronze.raw_orders).toBeGreaterThanOrEqual(120);
      expect(layers.silver.stg_orders).toBeGreaterThan(0);

      // Cube, started by the demo, answers with the gold totals (its refresh step ran at the end of the batch).
      const { signCubeToken } = await import('@floe/cube');
      const headers = { Authorization: signCubeToken('first-start-test-secret-0123456789') };
      const direct = await goldOrderTotals(await loadProject({ projectDir: dir }));
      let answered = cubeTotals(await cubeLoad(`http://127.0.0.1:${cubePort}`, ORDERS_QUERY, { headers }));
      for (let i = 0; i < 20 && answered.count !== direct.count; i++) {
        await new Promise((r) => setTimeout(r, 500));
        answered = cubeTotals(await cubeLoad(`http://127.0.0.1:${cubePort}`, ORDERS_QUERY, { headers }));
      }
      expect(answered).toEqual(direct);

      // The seed was a Dagster run of the pipeline job, tagged as the seed, and it succeeded.
      const runs = JSON.parse(
        execFileSync(
          join(REPO_ROOT, '.venv', 'bin', 'python'),
          [
            '-c',
            [
              'import json, dagster as dg',
              'runs = dg.DagsterInstance.get().get_runs()',
              'print(json.dumps([[r.job_name, r.status.value, r.tags.get("floe/trigger")] for r in runs]))',
            ].join('\n'),
          ],
          { encoding: 'utf8', env: { ...process.env, DAGSTER_HOME: join(dir, '.floe', 'dagster') } },
        )
          .trim()
          .split('\n')
          .pop() ?? '[]',
      ) as [string, string, string | undefined][];
      // Exactly one seed batch: the demo launched it, and the seed sensor (which seeds deployments without
      // `floe demo`) stood aside instead of racing it to a second one.
      expect(runs.filter((r) => r[2] === 'seed')).toEqual([['pipeline', 'SUCCESS', 'seed']]);
    } finally {
      demo.kill('SIGINT');
      const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000))]);
      if (code === 'timeout') demo.kill('SIGKILL');
      expect(code).toBe(0);
    }
  }, 900_000);
});
