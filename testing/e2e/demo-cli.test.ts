import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '@floe/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoProject } from '../../packages/runtime/test/project-fixture.js';
import { FLOE_BIN, floe } from './harness.js';

// Fast checks of the floe demo / trigger / publish command surface (no Dagster run).
describe('floe demo, trigger and publish: user errors', () => {
  let dir: string;
  let server: Server;
  let takenPort: number;

  beforeAll(async () => {
    dir = createDemoProject({
      orchestration: {
        sensors: [{ name: 'bronze_freshness', type: 'freshness', minimum_interval_seconds: 300, max_lag_minutes: 90 }],
      },
    });
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    takenPort = typeof address === 'object' && address ? address.port : 0;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the taken port and the option that changes it', async () => {
    const result = await floe(['demo', '--project', dir, '--dagster-port', String(takenPort), '--no-cube']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`port ${takenPort} for the Dagster webserver is already in use`);
    expect(result.stderr).toContain('--dagster-port');
  });

  it('rejects an unknown job and a bad port number as input errors', async () => {
    const job = await floe(['trigger', '--job', 'nope', '--project', dir]);
    expect(job.code).toBe(2);
    expect(job.stderr).toContain('--job must be one of pipeline, generate, transform, publish');
    const port = await floe(['demo', '--project', dir, '--dagster-port', '70000']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--dagster-port must be a port number');
  });

  it('publish fails clearly before dbt has built anything', async () => {
    const result = await floe(['publish', '--project', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: (cannot open the DuckDB warehouse|dbt model \w+ is not in the warehouse)/);
  });

  it('the Dagster code location loads from CompiledArtifacts and its seed sensor asks for a run on an empty warehouse', async () => {
    const compiled = await floe(['compile', dir]);
    expect(compiled.code, compiled.stderr).toBe(0);
    const script = [
      'import json, dagster as dg',
      'from floe_orchestration.definitions import defs',
      'repo = defs.get_repository_def()',
      'sensor = repo.get_sensor_def("seed_when_bronze_empty")',
      'with dg.DagsterInstance.ephemeral() as instance:',
      '    result = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, repository_def=repo))',
      'import os',
      'os.environ["FLOE_DEMO_SEEDS"] = "1"  # floe demo seeds itself: the sensor stands aside',
      'with dg.DagsterInstance.ephemeral() as instance:',
      '    beside_demo = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, repository_def=repo))',
      'fresh = repo.get_sensor_def("bronze_freshness")',
      'with dg.DagsterInstance.ephemeral() as instance:',
      '    freshness = fresh.evaluate_tick(dg.build_sensor_context(instance=instance, repository_def=repo))',
      'jobs = sorted(j.name for j in repo.get_all_jobs() if not j.name.startswith("__"))',
      'schedules = [(s.name, s.cron_schedule) for s in repo.schedule_defs]',
      'checks = len(list(repo.asset_graph.asset_check_keys))',
      'print(json.dumps({"runs": [r.tags.get("floe/trigger") for r in result.run_requests], "beside_demo": len(beside_demo.run_requests), "freshness": [fresh.job_name, [r.tags for r in freshness.run_requests]], "jobs": jobs, "schedules": schedules, "checks": checks}))',
    ].join('\n');
    const out = execFileSync(join(REPO_ROOT, '.venv', 'bin', 'python'), ['-c', script], {
      cwd: join(REPO_ROOT, 'orchestration'),
      encoding: 'utf8',
      env: { ...process.env, FLOE_PROJECT_DIR: dir, FLOE_COMMAND: JSON.stringify([process.execPath, FLOE_BIN]) },
    });
    const loaded = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
      runs: string[];
      beside_demo: number;
      freshness: [string, Record<string, string>[]];
      jobs: string[];
      schedules: [string, string][];
      checks: number;
    };
    expect(loaded.runs).toEqual(['seed']);
    expect(loaded.beside_demo).toBe(0);
    expect(loaded.jobs).toEqual(['freshness', 'generate', 'pipeline', 'publish', 'transform']);
    // A sensor of type freshness runs the source freshness job, passing its max lag to the checks.
    expect(loaded.freshness[0]).toBe('freshness');
    expect(loaded.freshness[1]).toEqual([
      expect.objectContaining({ 'floe/trigger': 'bronze_freshness', 'floe/max_lag_minutes': '90' }),
    ]);
    expect(loaded.schedules).toEqual([['pipeline_every_5_minutes', '*/5 * * * *']]);
    expect(loaded.checks).toBeGreaterThan(30); // dbt tests became asset checks
  }, 180_000);

  it('prints empty layers for a new project', async () => {
    const result = await floe(['demo', '--status', '--json', '--project', dir]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ layers: { bronze: {}, silver: {}, gold: {} } });
  });
});
