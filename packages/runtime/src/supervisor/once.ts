import type { LoadedProject } from '@floe/core';
import { cubeLoad, ORDERS_QUERY } from '../cube/load.js';
import type { StartCube } from '../cube/service.js';
import type { LayerRows } from '../lakehouse/layers.js';
import { projectStatus } from '../status/status.js';
import { executeJobInProcess } from '../trigger/in-process.js';
import { freePort } from './ports.js';

export interface OnceResult {
  layers: LayerRows;
  cube: { query: unknown; data: Record<string, unknown>[]; url: string; mode: string } | null;
  duration_ms: number;
}

export interface OnceOptions {
  cubePort?: number;
  startCube?: StartCube;
  /** Skip Cube (no consumption configured, or --no-cube). */
  noCube?: boolean;
  onLine?: (line: string) => void;
}

/**
 * One full cycle and exit: Cube starts, the `pipeline` job runs in-process in Dagster (generate → dbt build with
 * tests → publish → Cube refresh), then Cube is asked for the orders count and revenue total.
 */
export async function runOnce(loaded: LoadedProject, options: OnceOptions = {}): Promise<OnceResult> {
  const started = Date.now();
  const wantCube = !options.noCube && loaded.artifacts.consumption.cube !== null && options.startCube !== undefined;
  const cube =
    wantCube && options.startCube
      ? await options.startCube(loaded, {
          port: options.cubePort ?? (await freePort()),
          ...(options.onLine ? { onLine: options.onLine } : {}),
        })
      : undefined;
  try {
    await executeJobInProcess(loaded, {
      job: 'pipeline',
      tags: { 'floe/trigger': 'demo-once' },
      ...(cube ? { cubeUrl: cube.url, cubeHeaders: cube.headers } : {}),
      ...(options.onLine ? { onLine: options.onLine } : {}),
    });
    const { layers } = await projectStatus(loaded);
    const data = cube ? await cubeLoad(cube.url, ORDERS_QUERY, { headers: cube.headers }) : undefined;
    return {
      layers,
      cube: cube && data ? { query: ORDERS_QUERY, data, url: cube.url, mode: cube.mode } : null,
      duration_ms: Date.now() - started,
    };
  } finally {
    await cube?.stop();
  }
}
