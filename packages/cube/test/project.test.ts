import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProject } from '@floe/core';
import { openProjectCatalog } from '@floe/iceberg';
import { describe, expect, it } from 'vitest';
import { cubeLoad } from '../src/client.js';
import { startCube } from '../src/server.js';
import { directQuery } from './gold-fixture.js';
import { goldIcebergTables } from './iceberg-fixture.js';

const DEMO = fileURLToPath(new URL('../../../demo', import.meta.url));

describe('startCube(project)', () => {
  it("serves the demo project's model over the gold layer of its own SQL catalog", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'floe-cube-project-'));
    try {
      for (const entry of ['floe.yaml', 'platform', 'cube', 'dbt'])
        await cp(path.join(DEMO, entry), path.join(dir, entry), { recursive: true });
      await mkdir(path.join(dir, 'warehouse'), { recursive: true });
      const loaded = await loadProject({ projectDir: dir, noCache: true });
      const catalog = await openProjectCatalog(loaded);
      const publish = await goldIcebergTables(
        catalog,
        loaded.artifacts.layers.gold.namespace.split('.'),
        path.join(dir, 'staging'),
      );
      const files = await publish(1, [{ orders: 700, offset: 0 }]);
      await catalog.close();

      const lines: string[] = [];
      const cube = await startCube(loaded, { port: 0, onLine: (line) => lines.push(line) });
      try {
        const result = await cubeLoad(cube.url, { measures: ['orders.count', 'orders.revenue'] }, cube.token);
        const [expected] = await directQuery(
          files,
          'SELECT count(*) AS n, sum(order_total) FILTER (WHERE is_revenue) AS revenue FROM gold.fct_orders',
        );
        expect(Number(result.data[0]!['orders.count'])).toBe(Number(expected!.n));
        expect(Math.round(Number(result.data[0]!['orders.revenue']) * 100)).toBe(
          Math.round(Number(expected!.revenue) * 100),
        );
        expect(lines.some((l) => l.includes('cube: listening'))).toBe(true);
      } finally {
        await cube.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('on a project with nothing published yet, waits for tables without failing pre-aggregation builds', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'floe-cube-empty-'));
    try {
      for (const entry of ['floe.yaml', 'platform', 'cube', 'dbt'])
        await cp(path.join(DEMO, entry), path.join(dir, entry), { recursive: true });
      await mkdir(path.join(dir, 'warehouse'), { recursive: true });
      const loaded = await loadProject({ projectDir: dir, noCache: true });
      const lines: string[] = [];
      const cube = await startCube(loaded, { port: 0, onLine: (line) => lines.push(line) });
      try {
        // Several scheduled-refresh rounds (one per second) with no gold tables.
        await new Promise((r) => setTimeout(r, 3_000));
        expect(lines.filter((l) => l.includes('no tables to read yet'))).toHaveLength(1);
        expect(lines.filter((l) => /Error while querying|Error querying db|scheduled refresh failed/.test(l))).toEqual(
          [],
        );
      } finally {
        await cube.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
