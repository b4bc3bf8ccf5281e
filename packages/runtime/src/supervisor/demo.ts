import type { LoadedProject } from '@floe/core';
import { operationError } from '@floe/core';
import type { CubeService, StartCube } from '../cube/service.js';
import { projectStatus } from '../status/status.js';
import { findTool } from '../tools.js';
import { dagsterIsUp, launchJob } from '../trigger/graphql.js';
import { prepareDagsterHome } from './dagster-home.js';
import { codeLocationArgs, dagsterEnvironment } from './environment.js';
import { assertPortFree, urlPort } from './ports.js';
import { type ManagedProcess, spawnManaged } from './process.js';
import { removeDemoState, writeDemoState } from './state.js';

export interface DemoOptions {
  dagsterPort?: number;
  cubePort?: number;
  host?: string;
  startCube?: StartCube;
  noCube?: boolean;
  /** Progress and service output. */
  onLine?: (line: string) => void;
  /** Called once everything answers. */
  onReady?: (urls: DemoUrls) => void;
  /** Stops the demo when aborted (the CLI aborts on SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

export interface DemoUrls {
  dagster: string;
  cube: string | null;
  cube_mode: string | null;
  warehouse: string;
  seeded: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The local platform: `dagster dev` (webserver + daemon, with the floe code location) and Cube, until the signal
 * aborts. Seeds one batch when bronze is empty. Data stays in the project's warehouse for the next start.
 */
export async function runDemo(loaded: LoadedProject, options: DemoOptions = {}): Promise<void> {
  const host = options.host ?? '127.0.0.1';
  const dagsterPort = options.dagsterPort ?? urlPort(loaded.artifacts.services.dagster ?? 'http://127.0.0.1:3000');
  const cubePort = options.cubePort ?? urlPort(loaded.artifacts.services.cube ?? 'http://127.0.0.1:4000');
  const wantCube = !options.noCube && loaded.artifacts.consumption.cube !== null && options.startCube !== undefined;
  const log = options.onLine ?? (() => {});

  const dagster = findTool('dagster');
  findTool('dbt');
  await assertPortFree(dagsterPort, 'the Dagster webserver', '--dagster-port');
  if (wantCube) await assertPortFree(cubePort, 'Cube', '--cube-port');

  const dagsterHome = await prepareDagsterHome(loaded);
  let cube: CubeService | undefined;
  let dagsterProcess: ManagedProcess | undefined;
  const dagsterUrl = `http://${host}:${dagsterPort}`;
  try {
    if (wantCube && options.startCube) {
      log(`starting Cube on ${host}:${cubePort}`);
      cube = await options.startCube(loaded, { port: cubePort, host, onLine: (line) => log(`[cube] ${line}`) });
    }
    const env = dagsterEnvironment(loaded, {
      dagsterHome,
      // The demo launches the seed batch itself (below); the seed sensor would race it to a second batch.
      demoSeeds: true,
      ...(cube ? { cubeUrl: cube.url, cubeHeaders: cube.headers } : {}),
    });
    log(`starting dagster dev on ${dagsterUrl} (DAGSTER_HOME=${dagsterHome})`);
    const tail: string[] = [];
    dagsterProcess = spawnManaged({
      name: 'dagster',
      command: dagster,
      args: ['dev', ...codeLocationArgs(), '-h', host, '-p', String(dagsterPort)],
      cwd: loaded.projectDir,
      env,
      onLine: (line) => {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        log(`[dagster] ${line}`);
      },
    });
    const deadline = Date.now() + 180_000;
    let exited: number | string | undefined;
    void dagsterProcess.exited.then((code) => {
      exited = code;
    });
    while (!(await dagsterIsUp(dagsterUrl))) {
      if (exited !== undefined)
        throw operationError(`dagster dev exited (${exited}) before it answered:\n${tail.slice(-15).join('\n')}`);
      if (Date.now() > deadline)
        throw operationError(
          `dagster dev did not answer on ${dagsterUrl} within 180 s:\n${tail.slice(-15).join('\n')}`,
        );
      if (options.signal?.aborted) return;
      await sleep(500);
    }
    await writeDemoState(loaded.projectDir, {
      pid: process.pid,
      dagster_url: dagsterUrl,
      cube_url: cube?.url ?? null,
      started_at: new Date().toISOString(),
    });

    let seeded = false;
    const bronze = await projectStatus(loaded)
      .then((s) => s.layers.bronze)
      .catch(() => ({}));
    if (Object.values(bronze).every((rows) => rows === 0)) {
      const runId = await launchJob(dagsterUrl, 'pipeline', { 'floe/trigger': 'seed' });
      log(`bronze is empty: seeding with run ${runId}`);
      seeded = true;
    }
    options.onReady?.({
      dagster: dagsterUrl,
      cube: cube?.url ?? null,
      cube_mode: cube?.mode ?? null,
      warehouse: loaded.artifacts.storage.root,
      seeded,
    });
    await new Promise<void>((resolve) => {
      if (options.signal?.aborted) return resolve();
      options.signal?.addEventListener('abort', () => resolve(), { once: true });
      void dagsterProcess?.exited.then(() => resolve());
    });
    if (exited !== undefined && !options.signal?.aborted) {
      throw operationError(`dagster dev stopped unexpectedly (${exited}):\n${tail.slice(-15).join('\n')}`);
    }
  } finally {
    log('stopping');
    await dagsterProcess?.stop();
    await cube?.stop();
    await removeDemoState(loaded.projectDir);
  }
}
