import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, floe, repoRoot } from './built-bin.js';

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'floe-cli-'));
  temps.push(dir);
  return dir;
}

/** A copy of the demo project's configuration in a temp dir (so tests never write into the repository). */
async function demoCopy(): Promise<string> {
  const dir = await tempDir();
  await cp(join(repoRoot, 'demo/floe.yaml'), join(dir, 'floe.yaml'));
  await cp(join(repoRoot, 'demo/platform'), join(dir, 'platform'), { recursive: true });
  return dir;
}

beforeAll(() => ensureBuilt(), 300_000);
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

describe('floe (the built binary)', () => {
  it('--version and --help exit 0', () => {
    expect(floe(['--version'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    for (const cmd of ['init', 'validate', 'compile', 'schema']) {
      const result = floe([cmd, '--help']);
      expect(result.code, cmd).toBe(0);
      expect(result.stdout).toContain(`Usage: floe ${cmd}`);
    }
  });

  it('validate demo exits 0 for both platform files', () => {
    expect(floe(['validate', 'demo'])).toMatchObject({ code: 0, stdout: expect.stringContaining('valid') });
    const k8s = floe(['validate', '--project', 'demo', '--platform', 'platform/k8s.yaml', '--json']);
    expect(k8s.code).toBe(0);
    expect(JSON.parse(k8s.stdout)).toMatchObject({ valid: true, platform: 'k8s', problems: [] });
  });

  it('validate names a missing dbt project or Cube model folder at its field, with a fix, and exits 2', async () => {
    const dir = await demoCopy(); // floe.yaml and platform/ only: no dbt/, no cube/
    const result = floe(['validate', dir, '--json']);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as {
      valid: boolean;
      problems: { path: string; message: string; hint: string; line: number }[];
    };
    expect(report.valid).toBe(false);
    expect(report.problems.map((p) => p.path)).toEqual(['transforms.dbt.project', 'consumption.cube.model']);
    expect(report.problems[0]?.message).toContain('dbt_project.yml not found');
    expect(report.problems[0]?.line).toBeGreaterThan(0);
    expect(report.problems[1]?.hint).toContain('consumption.cube.model');
    // With the folders in place the same project is valid.
    await mkdir(join(dir, 'dbt'), { recursive: true });
    await cp(join(repoRoot, 'demo/dbt/dbt_project.yml'), join(dir, 'dbt/dbt_project.yml'));
    await mkdir(join(dir, 'cube/model'), { recursive: true });
    expect(floe(['validate', dir]).code).toBe(0);
  });

  it('FLOE_PLATFORM selects the platform file', () => {
    const result = floe(['validate', 'demo', '--json'], { env: { FLOE_PLATFORM: 'platform/k8s.yaml' } });
    expect(JSON.parse(result.stdout)).toMatchObject({ platform: 'k8s' });
  });

  it('an unknown field or wrong type exits 2 naming the file, line and field, without a stack trace', async () => {
    const dir = await demoCopy();
    const text = await readFile(join(dir, 'floe.yaml'), 'utf8');
    await writeFile(join(dir, 'floe.yaml'), text.replace('    rows: 500\n', '    rows: "many"\n    colour: red\n'));
    const result = floe(['validate', dir]);
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n');
    const rowsLine = text.split('\n').indexOf('    rows: 500') + 1;
    expect(lines).toContain(`${join(dir, 'floe.yaml')}:${rowsLine}:11  sources.0.rows  expected number, got string`);
    expect(lines.find((l) => l.includes('sources.0.colour'))).toMatch(
      new RegExp(`floe\\.yaml:${rowsLine + 1}:5  sources\\.0\\.colour  unknown field "colour"`),
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const json = floe(['validate', dir, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).problems).toHaveLength(2);
  });

  it('refuses a literal password in platform.yaml with exit 2 and never prints it', async () => {
    const dir = await demoCopy();
    const path = join(dir, 'platform/k8s.yaml');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('password: secret:floe-postgresql/password', 'password: Sup3rS3cret!'));
    for (const cmd of ['validate', 'compile']) {
      const result = floe([cmd, dir, '--platform', 'platform/k8s.yaml']);
      expect(result.code, cmd).toBe(2);
      expect(result.stderr).toMatch(/orchestration\.dagster\.metadata\.password {2}literal credential/);
      expect(result.stderr).toContain('secret reference');
      expect(result.stdout + result.stderr).not.toContain('Sup3rS3cret!');
    }
  });

  it('compile twice gives byte-identical output that validates against `floe schema compiled-artifacts`', async () => {
    const dir = await demoCopy();
    const out1 = await tempDir();
    const out2 = await tempDir();
    expect(floe(['compile', dir, '--out', out1]).code).toBe(0);
    expect(floe(['compile', dir, '--out', out2]).code).toBe(0);
    const [a, b] = await Promise.all([
      readFile(join(out1, 'compiled_artifacts.json'), 'utf8'),
      readFile(join(out2, 'compiled_artifacts.json'), 'utf8'),
    ]);
    expect(a).toBe(b);
    expect(await readFile(join(out1, 'profiles.yml'), 'utf8')).toBe(await readFile(join(out2, 'profiles.yml'), 'utf8'));
    const schema = floe(['schema', 'compiled-artifacts']);
    expect(schema.code).toBe(0);
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(schema.stdout));
    expect(validate(JSON.parse(a)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('compile output does not depend on the current directory or on how the platform file was named', async () => {
    const dir = await demoCopy();
    const outA = await tempDir();
    const outB = await tempDir();
    expect(floe(['compile', dir, '--platform', 'platform/k8s.yaml', '--out', outA]).code).toBe(0);
    const fromInside = floe(['compile', '--out', outB], {
      cwd: dir,
      env: { FLOE_PLATFORM: join(dir, 'platform/k8s.yaml') },
    });
    expect(fromInside.code).toBe(0);
    const a = await readFile(join(outA, 'compiled_artifacts.json'), 'utf8');
    expect(await readFile(join(outB, 'compiled_artifacts.json'), 'utf8')).toBe(a);
    expect(a).not.toContain(dir);
  });

  it('compile writes .floe/ by default and --json prints a summary', async () => {
    const dir = await demoCopy();
    const result = floe(['compile', dir, '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ schema_version: 1, pipeline: 'demo-ecommerce', platform: { name: 'local' } });
    const artifacts = JSON.parse(await readFile(join(dir, '.floe/compiled_artifacts.json'), 'utf8'));
    expect(artifacts.source_hash).toBe(summary.source_hash);
  });

  it('init scaffolds a project that validates and compiles; a second init exits 2', async () => {
    const dir = join(await tempDir(), 'shop');
    const init = floe(['init', dir]);
    expect(init.code).toBe(0);
    expect(floe(['validate', dir]).code).toBe(0);
    expect(floe(['compile', dir]).code).toBe(0);
    const dbtProject = await readFile(join(dir, 'dbt/dbt_project.yml'), 'utf8');
    expect(dbtProject).toMatch(/^profile: floe$/m);
    const again = floe(['init', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });

  it('a missing project or platform file exits 2 with a hint', async () => {
    const empty = await tempDir();
    const noProject = floe(['validate', empty]);
    expect(noProject.code).toBe(2);
    expect(noProject.stderr).toMatch(/floe\.yaml does not exist\n {2}hint: run `floe init/);
    const json = floe(['validate', empty, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      valid: false,
      problems: [{ message: expect.stringContaining('floe.yaml does not exist') }],
    });
    const noPlatform = floe(['validate', 'demo', '--platform', 'platform/nope.yaml']);
    expect(noPlatform.code).toBe(2);
    expect(noPlatform.stderr).toContain('nope.yaml does not exist');
  });

  it('schema prints each document and rejects unknown ones with exit 2', () => {
    for (const doc of ['floe', 'platform', 'compiled-artifacts']) {
      const result = floe(['schema', doc]);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
    expect(floe(['schema', 'values']).code).toBe(2);
    expect(floe(['no-such-command']).code).toBe(2);
  });
});
