import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, floe, repoRoot } from './built-bin.js';

const python = join(repoRoot, '.venv/bin/python');
const dbt = join(repoRoot, '.venv/bin/dbt');
// `make setup` installs both (python/requirements-*.txt); only a bare `vitest run` without a venv skips, never CI.
const havePeers = existsSync(python) && existsSync(dbt);
const peerTest = havePeers || process.env.CI === 'true' ? it : it.skip;

let dir: string;
beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'floe-peers-'));
}, 300_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('real peers read what floe compiles', () => {
  peerTest('Python jsonschema validates both demo compilations against schemas/compiled-artifacts.schema.json', () => {
    const outs = ['platform/local.yaml', 'platform/k8s.yaml'].map((platform, i) => {
      const out = join(dir, `demo-${i}`);
      expect(floe(['compile', 'demo', '--platform', platform, '--out', out]).code).toBe(0);
      return join(out, 'compiled_artifacts.json');
    });
    const script = [
      'import json, sys',
      'from jsonschema import Draft202012Validator',
      'schema = json.load(open(sys.argv[1]))',
      'Draft202012Validator.check_schema(schema)',
      'validator = Draft202012Validator(schema)',
      'for path in sys.argv[2:]:',
      '    errors = sorted(validator.iter_errors(json.load(open(path))), key=str)',
      '    if errors: sys.exit(f"{path}: {errors[0].message}")',
      'print("ok", len(sys.argv) - 2)',
    ].join('\n');
    const result = spawnSync(
      python,
      ['-c', script, join(repoRoot, 'schemas/compiled-artifacts.schema.json'), ...outs],
      {
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('ok 2');
  });

  peerTest('dbt (dbt-duckdb) connects with the profiles.yml compiled for a project made by floe init', async () => {
    const project = join(dir, 'shop');
    expect(floe(['init', project]).code).toBe(0);
    expect(floe(['compile', project]).code).toBe(0);
    await mkdir(join(project, 'warehouse'), { recursive: true });
    const result = spawnSync(dbt, ['debug', '--project-dir', 'dbt', '--profiles-dir', '.floe', '--no-use-colors'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, FLOE_PROJECT_DIR: project, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false' },
      timeout: 120_000,
    });
    expect(result.stdout).toContain('Connection test: [OK connection ok]');
    expect(result.stdout).toContain(join(project, 'warehouse/floe.duckdb'));
    expect(result.status).toBe(0);
  });
});
