import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoProject } from '../../packages/runtime/test/project-fixture.js';
import { floe } from './harness.js';

// Fast checks of the floe demo / trigger / publish command surface (no Dagster run).
describe('floe demo, trigger and publish: user errors', () => {
  let dir: string;
  let server: Server;
  let takenPort: number;

  beforeAll(async () => {
    dir = createDemoProject();
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

  it('prints empty layers for a new project', async () => {
    const result = await floe(['demo', '--status', '--json', '--project', dir]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ layers: { bronze: {}, silver: {}, gold: {} } });
  });
});
