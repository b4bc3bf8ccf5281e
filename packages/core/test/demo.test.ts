import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledArtifactsSchema, loadProject, resolvePath, serializeArtifacts, writeArtifacts } from '../src/index.js';

const demoDir = resolve(import.meta.dirname, '../../../demo');

describe('the demo project', () => {
  it.each(['platform/local.yaml', 'platform/k8s.yaml'])('validates and compiles with %s', async (platformFile) => {
    const loaded = await loadProject({ projectDir: demoDir, platformFile, noCache: true });
    expect(compiledArtifactsSchema.parse(loaded.artifacts)).toEqual(loaded.artifacts);
    expect(loaded.artifacts.project.platform_file).toBe(platformFile);
    expect(loaded.projectDir).toBe(demoDir);
  });

  it('local platform: SQLite catalog and DuckDB under warehouse/, resolved against the project', async () => {
    const { artifacts, projectDir } = await loadProject({ projectDir: demoDir, noCache: true, env: {} });
    expect(artifacts.catalog).toMatchObject({ type: 'sql', driver: 'sqlite', path: 'warehouse/catalog.db' });
    expect(artifacts.compute).toMatchObject({ type: 'duckdb', path: 'warehouse/floe.duckdb' });
    expect(artifacts.layers.gold.location).toBe('warehouse/gold');
    expect(resolvePath({ projectDir }, artifacts.compute.type === 'duckdb' ? artifacts.compute.path : '')).toBe(
      join(demoDir, 'warehouse/floe.duckdb'),
    );
    expect(resolvePath({ projectDir }, 's3://b/p')).toBe('s3://b/p');
    expect(artifacts.publish.every((p) => p.mode === 'floe-publish')).toBe(true);
  });

  it('k8s platform: Polaris REST with OAuth2, S3 storage, PostgreSQL metadata, secrets kept as refs', async () => {
    const { artifacts } = await loadProject({ projectDir: demoDir, platformFile: 'platform/k8s.yaml', noCache: true });
    expect(artifacts.catalog.type).toBe('rest');
    expect(artifacts.storage).toMatchObject({ type: 's3', root: 's3://floe-warehouse/demo', path_style: true });
    expect(artifacts.layers.bronze.location).toBe('s3://floe-warehouse/demo/bronze');
    expect(artifacts.orchestration.dagster.metadata.type).toBe('postgres');
    expect(artifacts.catalog.type === 'rest' && artifacts.catalog.oauth2?.client_secret).toBe(
      'secret:floe-polaris/client-secret',
    );
  });

  it('lists every secret reference of the platform file once, with its env var and fields', async () => {
    const { artifacts } = await loadProject({ projectDir: demoDir, platformFile: 'platform/k8s.yaml', noCache: true });
    expect(artifacts.secrets.map((s) => [s.ref, s.env_var, s.fields])).toEqual([
      [
        'secret:floe-objectstore/access-key-id',
        'FLOE_SECRET_FLOE_OBJECTSTORE_ACCESS_KEY_ID',
        ['storage.default.credentials.access_key_id'],
      ],
      [
        'secret:floe-objectstore/secret-access-key',
        'FLOE_SECRET_FLOE_OBJECTSTORE_SECRET_ACCESS_KEY',
        ['storage.default.credentials.secret_access_key'],
      ],
      [
        'secret:floe-polaris/client-secret',
        'FLOE_SECRET_FLOE_POLARIS_CLIENT_SECRET',
        ['catalogs.default.oauth2.client_secret'],
      ],
      [
        'secret:floe-postgresql/password',
        'FLOE_SECRET_FLOE_POSTGRESQL_PASSWORD',
        ['orchestration.dagster.metadata.password'],
      ],
    ]);
    const local = await loadProject({ projectDir: demoDir, platformFile: 'platform/local.yaml', noCache: true });
    expect(local.artifacts.secrets).toEqual([]);
  });

  it('uses FLOE_PLATFORM when no platform file is given', async () => {
    const { artifacts } = await loadProject({
      projectDir: demoDir,
      env: { FLOE_PLATFORM: 'platform/k8s.yaml' },
      noCache: true,
    });
    expect(artifacts.platform.name).toBe('k8s');
  });
});

describe('the .floe cache', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('reuses fresh artifacts and recompiles when a source changes', async () => {
    const out = await mkdtemp(join(tmpdir(), 'floe-cache-'));
    dirs.push(out);
    const { readFile, cp } = await import('node:fs/promises');
    await cp(join(demoDir, 'floe.yaml'), join(out, 'floe.yaml'));
    await cp(join(demoDir, 'platform'), join(out, 'platform'), { recursive: true });
    const first = await loadProject({ projectDir: out, write: true });
    expect(first.fromCache).toBe(false);
    const written = await readFile(join(out, '.floe/compiled_artifacts.json'), 'utf8');
    expect(written).toBe(serializeArtifacts(first.artifacts));
    const second = await loadProject({ projectDir: out });
    expect(second.fromCache).toBe(true);
    expect(second.artifacts).toEqual(first.artifacts);
    const text = await readFile(join(out, 'floe.yaml'), 'utf8');
    await writeFile(join(out, 'floe.yaml'), text.replace('rows: 500', 'rows: 501'));
    const third = await loadProject({ projectDir: out });
    expect(third.fromCache).toBe(false);
    expect(third.artifacts.sources[0]?.rows).toBe(501);
    await writeArtifacts(third);
    expect((await loadProject({ projectDir: out })).fromCache).toBe(true);
  });

  it('recompiles over a corrupt cache and restores a missing profiles.yml when asked to write', async () => {
    const out = await mkdtemp(join(tmpdir(), 'floe-cache-'));
    dirs.push(out);
    const { readFile, cp, rm: remove } = await import('node:fs/promises');
    await cp(join(demoDir, 'floe.yaml'), join(out, 'floe.yaml'));
    await cp(join(demoDir, 'platform'), join(out, 'platform'), { recursive: true });
    await loadProject({ projectDir: out, write: true });
    await writeFile(join(out, '.floe/compiled_artifacts.json'), '{"schema_version": 1, "trunc');
    const again = await loadProject({ projectDir: out, write: true });
    expect(again.fromCache).toBe(false);
    expect(JSON.parse(await readFile(join(out, '.floe/compiled_artifacts.json'), 'utf8'))).toEqual(again.artifacts);
    await remove(join(out, '.floe/profiles.yml'));
    const cached = await loadProject({ projectDir: out, write: true });
    expect(cached.fromCache).toBe(true);
    expect(await readFile(join(out, '.floe/profiles.yml'), 'utf8')).toContain("env_var('FLOE_PROJECT_DIR')");
  });

  it('tries a relative --platform path against the project, then the current directory', async () => {
    // A path relative to the current directory that does not exist relative to the project.
    const fromCwd = relative(process.cwd(), join(demoDir, 'platform', 'k8s.yaml'));
    expect(existsSync(join(demoDir, fromCwd))).toBe(false);
    const loaded = await loadProject({ projectDir: demoDir, platformFile: fromCwd, noCache: true });
    expect(loaded.artifacts.platform.name).toBe('k8s');
    expect(loaded.artifacts.project.platform_file).toBe('platform/k8s.yaml');
    const { resolvePlatformFile } = await import('../src/index.js');
    expect(resolvePlatformFile(demoDir, 'platform/k8s.yaml', {})).toBe(join(demoDir, 'platform/k8s.yaml'));
    expect(resolvePlatformFile(demoDir, undefined, { FLOE_PLATFORM: '/abs/p.yaml' })).toBe('/abs/p.yaml');
    expect(resolvePlatformFile(demoDir, undefined, {})).toBe(join(demoDir, 'platform/local.yaml'));
  });
});
