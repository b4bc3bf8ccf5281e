import { inputError } from '@floe/core';
import { projectStatus, runDemo, runOnce, startCube } from '@floe/runtime';
import type { Command } from 'commander';
import { type Io, printJson, processIo } from '../output.js';
import { addProjectOptions, loadProjectFromOptions, type ProjectOptions } from '../project-options.js';

interface DemoOptions extends ProjectOptions {
  once?: boolean;
  status?: boolean;
  dagsterPort?: string;
  cubePort?: string;
  cube: boolean;
}

/**
 * Cube's query queue (@cubejs-backend/query-orchestrator, LocalQueueDriverConnection.getResultBlocking) races every
 * query against a 10-second timer that it never clears, so after Cube has stopped the process would linger for up to
 * ten seconds. Once the demo has finished and printed its result, floe exits without waiting for those timers. The
 * timer below is unref'd: it never delays a clean exit.
 */
function exitSoonAfterStop(): void {
  setTimeout(() => process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0), 2_000).unref();
}

function port(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw inputError(`${option} must be a port number (1-65535), got "${value}"`);
  return n;
}

/** `floe demo [dir]`: the whole platform on this machine (Dagster webserver + daemon, Cube); Ctrl-C stops it. */
export function register(program: Command, io: Io = processIo): void {
  addProjectOptions(
    program
      .command('demo')
      .description('run the platform locally: Dagster (UI, schedules, sensors) and Cube over the Iceberg warehouse')
      .option('--once', 'run one cycle (generate → dbt build → publish → Cube query) and exit')
      .option('--status', 'print the row counts of every bronze/silver/gold table and exit')
      .option('--dagster-port <port>', 'port of the Dagster webserver (default from services.dagster, 3000)')
      .option('--cube-port <port>', 'port of Cube (default from services.cube, 4000)')
      .option('--no-cube', 'do not start Cube'),
  ).action(async (dir: string | undefined, opts: DemoOptions) => {
    const loaded = await loadProjectFromOptions({ ...opts, dir, write: true });
    const dagsterPort = port(opts.dagsterPort, '--dagster-port');
    const cubePort = port(opts.cubePort, '--cube-port');
    const verbose = io.isTTY && !opts.json;
    const onLine = verbose ? (line: string) => io.stderr(`${line}\n`) : undefined;

    if (opts.status) {
      const status = await projectStatus(loaded);
      if (opts.json) return printJson(io, status);
      for (const [layer, tables] of Object.entries(status.layers)) {
        io.stdout(`${layer}\n`);
        for (const [table, rows] of Object.entries(tables)) io.stdout(`  ${table.padEnd(32)} ${rows}\n`);
      }
      return;
    }

    if (opts.once) {
      const result = await runOnce(loaded, {
        startCube,
        noCube: !opts.cube,
        ...(cubePort ? { cubePort } : {}),
        ...(onLine ? { onLine } : {}),
      }).finally(exitSoonAfterStop);
      if (opts.json)
        return printJson(io, {
          layers: result.layers,
          cube: result.cube ? { query: result.cube.query, data: result.cube.data } : null,
        });
      for (const [layer, tables] of Object.entries(result.layers)) {
        io.stdout(
          `${layer}: ${
            Object.entries(tables)
              .map(([t, n]) => `${t}=${n}`)
              .join(', ') || '(empty)'
          }\n`,
        );
      }
      if (result.cube) io.stdout(`cube ${JSON.stringify(result.cube.query)} → ${JSON.stringify(result.cube.data)}\n`);
      io.stdout(`one cycle in ${(result.duration_ms / 1000).toFixed(1)} s\n`);
      return;
    }

    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await runDemo(loaded, {
        startCube,
        noCube: !opts.cube,
        signal: controller.signal,
        ...(dagsterPort ? { dagsterPort } : {}),
        ...(cubePort ? { cubePort } : {}),
        onLine: (line) => {
          if (!opts.json) io.stderr(`${line}\n`);
        },
        onReady: (urls) => {
          if (opts.json) return printJson(io, urls);
          io.stdout('\nfloe demo is running\n');
          io.stdout(`  Dagster UI   ${urls.dagster}  (asset graph, runs, schedules, sensors)\n`);
          if (urls.cube) io.stdout(`  Cube API     ${urls.cube}/cubejs-api/v1/load  (${urls.cube_mode} mode)\n`);
          io.stdout(`  Warehouse    ${urls.warehouse}  (Iceberg tables and the DuckDB file)\n`);
          io.stdout(`  New batch    floe trigger ${loaded.projectDir}\n`);
          io.stdout(urls.seeded ? '  Seeding the empty warehouse now.\n' : '  Continuing with the existing data.\n');
          io.stdout('Press Ctrl-C to stop.\n');
        },
      });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      exitSoonAfterStop();
    }
  });
}
