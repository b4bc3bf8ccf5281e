import { rmSync } from 'node:fs';

import { loadProject } from '@floe/core';
import { cubeLoad, freePort, ORDERS_QUERY } from '@floe/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { createDemoProject } from '../../packages/runtime/test/project-fixture.js';
import { cubeTotals, dagsterQuery, floe, goldOrderTotals, startDemo } from './harness.js';

const layersSchema = (text: string) =>
  JSON.parse(text) as { layers: Record<'bronze' | 'silver' | 'gold', Record<string, number>> };

/**
 * `floe demo` (what `make demo` runs) on a fresh project: it starts Dagster and Cube, seeds the empty warehouse with
 * one batch through Dagster, and the seeded orders reach gold and Cube without anyone triggering anything.
 */
describe('floe demo on first start (e2e)', () => {
  const dir = createDemoProject({ rows: 120, orchestration: { schedules: [] } });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds the empty warehouse through Dagster; the orders reach gold and Cube; Ctrl-C stops everything', async () => {
    const dagsterPort = await freePort();
    const cubePort = await freePort();
    const demo = await startDemo(
      dir,
      { dagster: dagsterPort, cube: cubePort },
      { CUBEJS_API_SECRET: 'first-start-test-secret-0123456789' },
    );
    try {
      const deadline = Date.now() + 300_000;
      expect(demo.stdout()).toContain('Seeding the empty warehouse now.');

      // Nobody triggers anything: the seed batch alone fills bronze, silver and gold.
      let layers = layersSchema('{"layers":{"bronze":{},"silver":{},"gold":{}}}').layers;
      while ((layers.gold.fct_orders ?? 0) === 0) {
        if (demo.exited()) throw new Error(`floe demo exited:\n${demo.stderr().slice(-3000)}`);
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
      const runs = dagsterQuery<[string, string, string | undefined][]>(dir, [
        'print(json.dumps([[r.job_name, r.status.value, r.tags.get("floe/trigger")] for r in i.get_runs()]))',
      ]);
      // Exactly one seed batch: the demo launched it, and the seed sensor (which seeds deployments without
      // `floe demo`) stood aside instead of racing it to a second one.
      expect(runs.filter((r) => r[2] === 'seed')).toEqual([['pipeline', 'SUCCESS', 'seed']]);
    } finally {
      expect(await demo.stop()).toBe(0);
    }
  }, 900_000);
});
