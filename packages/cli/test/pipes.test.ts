import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot } from './built-bin.js';

const PIPES_BIN = join(repoRoot, 'packages/cli/bin/floe-pipes.js');
const encode = (value: unknown) => deflateSync(Buffer.from(JSON.stringify(value))).toString('base64');
const temps: string[] = [];

beforeAll(() => ensureBuilt(), 300_000);
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

/** Runs bin/floe-pipes.js as Dagster Pipes would: context and messages file named in the environment. */
async function floePipes(args: string[], assetKeys: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'floe-pipes-bin-'));
  temps.push(dir);
  const messages = join(dir, 'messages');
  const result = spawnSync(process.execPath, [PIPES_BIN, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      DAGSTER_PIPES_CONTEXT: encode({ asset_keys: assetKeys, run_id: 'test-run' }),
      DAGSTER_PIPES_MESSAGES: encode({ path: messages }),
    },
  });
  const lines = (await readFile(messages, 'utf8').catch(() => ''))
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { method: string; params: Record<string, unknown> | null });
  return { ...result, messages: lines };
}

describe('floe-pipes (the built binary): floe commands for Dagster Pipes, run in the same process', () => {
  it('reports each table floe wrote as a materialization with its rows and snapshot id', async () => {
    const project = await mkdtemp(join(tmpdir(), 'floe-pipes-project-'));
    temps.push(project);
    await cp(join(repoRoot, 'demo/floe.yaml'), join(project, 'floe.yaml'));
    await cp(join(repoRoot, 'demo/platform'), join(project, 'platform'), { recursive: true });
    const keys = ['bronze/raw_customers', 'bronze/raw_products', 'bronze/raw_orders', 'bronze/raw_order_items'];
    const run = await floePipes(['generate', 'ecommerce', '--project', project, '--rows', '200'], keys);
    expect(run.status, run.stderr).toBe(0);
    expect(run.messages[0]?.method).toBe('opened');
    expect(run.messages.at(-1)).toMatchObject({ method: 'closed', params: {} });
    const materialized = run.messages.filter((m) => m.method === 'report_asset_materialization');
    expect(materialized.map((m) => m.params?.asset_key).sort()).toEqual([...keys].sort());
    const orders = materialized.find((m) => m.params?.asset_key === 'bronze/raw_orders')?.params as {
      metadata: Record<string, { raw_value: unknown }>;
      data_version: string;
    };
    expect(Number(orders.metadata.rows?.raw_value)).toBeGreaterThanOrEqual(200);
    expect(orders.data_version).toMatch(/^\d+$/);
    // The JSON document went to Pipes, not to stdout.
    expect(run.stdout.trim()).toBe('');
  });

  it("closes the session with floe's own error message and floe's exit code when the command fails", async () => {
    const run = await floePipes(['generate', 'no-such-dataset', '--out', tmpdir()], []);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown dataset');
    const closed = run.messages.at(-1);
    expect(closed?.method).toBe('closed');
    expect(JSON.stringify(closed?.params)).toContain('unknown dataset');
  });

  it('refuses to run outside Dagster Pipes', () => {
    const result = spawnSync(process.execPath, [PIPES_BIN, 'generate', 'ecommerce'], {
      encoding: 'utf8',
      env: { ...process.env, DAGSTER_PIPES_CONTEXT: '' },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('DAGSTER_PIPES_CONTEXT');
  });
});
