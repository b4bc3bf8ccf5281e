import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCube } from '../src/server.js';
import { ParquetTableSource } from '../src/tables/parquet-source.js';
import type { ContractFixture } from './contract.js';
import { directQuery, type GoldTable, publishGold, writeGold } from './gold-fixture.js';

export const DEMO_MODEL = fileURLToPath(new URL('../../../demo/cube/model', import.meta.url));

/** Cube on a random port over the demo model, reading Parquet gold tables published as snapshots. */
export async function goldFixture(): Promise<ContractFixture> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'floe-cube-'));
  const source = new ParquetTableSource();
  const ranges = [{ orders: 3000, offset: 0 }];
  let files = await writeGold(dir, 'v1', ranges);
  publishGold(source, '1', files);
  const cube = await startCube({ modelDir: DEMO_MODEL, port: 0, tables: source, tableCheckIntervalMs: 200 });
  let version = 1;
  return {
    cube,
    files: () => files,
    async grow() {
      version += 1;
      ranges.push({ orders: 500, offset: 1_000_000 * version });
      files = await writeGold(dir, `v${version}`, ranges);
      publishGold(source, String(version), files);
      return files;
    },
    direct: (f: Record<GoldTable, string[]>, sql: string) => directQuery(f, sql),
    async close() {
      await cube.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
