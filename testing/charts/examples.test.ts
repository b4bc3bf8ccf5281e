import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  compiledArtifactsSchema,
  detectLiteralSecrets,
  loadProject,
  projectFolderDiagnostics,
  serializeArtifacts,
} from '@floe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { helm, type K8sObject, parseManifests, prepareCharts, repoRoot } from './helm.js';
import { validateObject } from './k8s-validate.js';
import { checkWorkload, isWorkload } from './policy.js';

// The GitOps and secrets examples: every object is checked against its CRD schema (Argo CD, Flux, External Secrets,
// Sealed Secrets) offline, every Flux overlay is built with the real kubectl kustomize, and every environment's
// values are rendered through the real chart. No Argo CD or Flux controller runs here (no cluster).
// The compute examples (examples/compute/): each platform file validates and compiles with the demo project, each
// values file renders through its chart, and the Secrets the platform file references are the ones the pods mount.
const run = promisify(execFile);
const examples = join(repoRoot, 'examples');
const kubectl = join(repoRoot, '.tools/bin/kubectl');
const environments = ['dev', 'staging', 'prod'];

/** The deployment examples (examples/projects/ holds floe project files, checked by @floe/core's own tests). */
const deploymentDirs = ['argocd', 'flux', 'secrets', 'environments', 'compute'];

async function exampleFiles(): Promise<string[]> {
  const files = await Promise.all(deploymentDirs.map((d) => yamlFiles(join(examples, d))));
  return files.flat();
}

async function yamlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await yamlFiles(path)));
    else if (/\.ya?ml$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

const isKubernetesObject = (o: unknown): o is K8sObject =>
  o !== null &&
  typeof o === 'object' &&
  'apiVersion' in o &&
  'kind' in o &&
  !String((o as K8sObject).apiVersion).startsWith('kustomize.config.k8s.io') &&
  // floe's own platform files (examples/compute/platform-*.yaml) are checked by floe's compiler below.
  !String((o as K8sObject).apiVersion).startsWith('floe.dev/');

let work = '';
beforeAll(async () => {
  work = await prepareCharts();
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('examples/', () => {
  it('every object matches its Kubernetes or CRD schema', async () => {
    const problems: string[] = [];
    let count = 0;
    for (const file of await exampleFiles()) {
      for (const doc of parseAllDocuments(await readFile(file, 'utf8'))) {
        const object = doc.toJS() as unknown;
        if (!isKubernetesObject(object)) continue;
        count++;
        // SOPS adds its own top-level `sops` block, removed again when Flux decrypts the file.
        const { sops: _sops, ...plain } = object as K8sObject & { sops?: unknown };
        await validateObject(plain as K8sObject).catch((e: Error) =>
          problems.push(`${relative(repoRoot, file)}: ${e.message}`),
        );
      }
    }
    expect(problems).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(10);
  });

  it.each(environments)(
    'the %s Flux overlay builds with kubectl kustomize into a valid HelmRelease and values',
    async (env) => {
      const { stdout } = await run(kubectl, ['kustomize', join(examples, 'environments', env)]);
      const objects = parseManifests(stdout);
      expect(objects.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'HelmRelease']);
      for (const object of objects) await validateObject(object);
      const release = objects.find((o) => o.kind === 'HelmRelease') as K8sObject & {
        spec: { chart: { spec: { chart: string; valuesFiles?: string[] } } };
      };
      expect(existsSync(join(repoRoot, release.spec.chart.spec.chart))).toBe(true);
      for (const f of release.spec.chart.spec.valuesFiles ?? []) expect(existsSync(join(repoRoot, f))).toBe(true);
    },
  );

  it.each(environments)(
    'the %s values render through charts/floe-runtime (schema, CRDs, workload policy)',
    async (env) => {
      const dir = join(work, 'floe-runtime');
      const base = env === 'prod' ? ['-f', join(dir, 'values-prod.yaml')] : [];
      const args = [...base, '-f', join(examples, 'environments', env, 'floe-runtime.yaml')];
      await helm(['lint', '--strict', dir, ...args]);
      const { stdout } = await helm(['template', 'floe', dir, '-n', `floe-${env}`, ...args]);
      const problems: string[] = [];
      for (const object of parseManifests(stdout)) {
        await validateObject(object).catch((e: Error) => problems.push(e.message));
        if (isWorkload(object)) problems.push(...checkWorkload(object));
      }
      expect(problems).toEqual([]);
    },
  );

  it('Argo CD applications point at files that exist', async () => {
    const missing: string[] = [];
    for (const file of await yamlFiles(join(examples, 'argocd'))) {
      const text = await readFile(file, 'utf8');
      for (const doc of parseAllDocuments(text)) {
        const app = doc.toJS() as {
          kind?: string;
          spec?: {
            source?: { path: string; helm?: { valueFiles?: string[] } };
            template?: { spec: { source: { path: string; helm?: { valueFiles?: string[] } } } };
          };
        };
        const source = app.spec?.source ?? app.spec?.template?.spec.source;
        if (!source) continue;
        const chartDir = join(repoRoot, source.path);
        if (!existsSync(chartDir)) missing.push(source.path);
        for (const envName of app.kind === 'ApplicationSet' ? environments : ['dev']) {
          for (const v of source.helm?.valueFiles ?? []) {
            const path = resolve(chartDir, v.replace('{{.env}}', envName).replace('{{.baseValues}}', 'values.yaml'));
            if (!existsSync(path)) missing.push(relative(repoRoot, path));
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('holds no literal credential (sealed ciphertext and SOPS ENC[] values aside)', async () => {
    const findings: string[] = [];
    for (const file of await exampleFiles()) {
      for (const doc of parseAllDocuments(await readFile(file, 'utf8'))) {
        const object = doc.toJS() as unknown;
        for (const f of detectLiteralSecrets(object)) {
          const value = f.path.reduce<unknown>(
            (node, key) => (node as Record<string | number, unknown>)?.[key],
            object,
          );
          const ciphertext =
            f.path.includes('encryptedData') || (typeof value === 'string' && value.startsWith('ENC['));
          if (!ciphertext) findings.push(`${relative(repoRoot, file)} ${f.path.join('.')}: ${f.reason}`);
        }
      }
    }
    expect(findings).toEqual([]);
  });
});

// ---- examples/compute: one platform file and one set of chart values per compute engine ---------------------------

/**
 * The Kubernetes files of each compute engine. DuckDB (the charts' defaults) and Trino live beside the demo and the
 * charts; every other engine lives in examples/compute/ as platform-<engine>.yaml, floe-dagster-<engine>.yaml and
 * floe-cube-<engine>.yaml, picked up from the folder so that a new file is always checked.
 */
interface EngineFiles {
  platform: string;
  dagster: string;
  cube: string;
}
const computeDir = join(examples, 'compute');
const computeFiles = readdirSync(computeDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const engines: Record<string, EngineFiles> = {
  duckdb: {
    platform: 'demo/platform/k8s.yaml',
    dagster: 'charts/floe-dagster/values.yaml',
    cube: 'charts/floe-cube/values.yaml',
  },
  trino: {
    platform: 'demo/platform/k8s-trino.yaml',
    dagster: 'charts/floe-dagster/values-trino.yaml',
    cube: 'charts/floe-cube/values-trino.yaml',
  },
};
for (const file of computeFiles) {
  const engine = /^platform-([\w-]+)\.yaml$/.exec(file)?.[1];
  if (engine)
    engines[engine] = {
      platform: `examples/compute/${file}`,
      dagster: `examples/compute/floe-dagster-${engine}.yaml`,
      cube: `examples/compute/floe-cube-${engine}.yaml`,
    };
}
const engineNames = Object.keys(engines);
const SECRETS_DIR = '/var/run/secrets/floe';

type Values = Record<string, unknown>;
const readYaml = async (path: string) => parse(await readFile(join(repoRoot, path), 'utf8')) as Values;
const isMap = (v: unknown): v is Values => v !== null && typeof v === 'object' && !Array.isArray(v);

/** What Helm does with a values file over the chart's values.yaml: maps merge key by key, anything else replaces. */
function mergeValues(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over;
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = key in base ? mergeValues(base[key], value) : value;
  return out;
}

/** The chart a values file belongs to, and that values file merged over the chart's values.yaml. */
async function chartValues(valuesFile: string): Promise<{ chart: 'floe-dagster' | 'floe-cube'; values: Values }> {
  const chart = /(^|\/)floe-dagster[-/]/.test(valuesFile) ? 'floe-dagster' : 'floe-cube';
  const base = await readYaml(`charts/${chart}/values.yaml`);
  return { chart, values: mergeValues(base, await readYaml(valuesFile)) as Values };
}

/** Every Kubernetes Secret a document references (secret:<name>/<key>). */
function referencedSecrets(doc: unknown, found = new Set<string>()): Set<string> {
  if (typeof doc === 'string') {
    const m = /^secret:([^/]+)\//.exec(doc);
    if (m?.[1]) found.add(m[1]);
  } else if (isMap(doc) || Array.isArray(doc)) for (const v of Object.values(doc)) referencedSecrets(v, found);
  return found;
}

interface CodeLocation {
  image: { repository: string; tag: string };
  includeConfigInLaunchedRuns: { enabled: boolean };
  volumes: { name: string; secret?: { secretName: string } }[];
  volumeMounts: { name: string; mountPath: string }[];
  [key: string]: unknown;
}
const codeLocation = (values: Values) =>
  (values.dagster as { 'dagster-user-deployments': { deployments: CodeLocation[] } })['dagster-user-deployments']
    .deployments[0] as CodeLocation;

describe('examples/compute: a platform file and chart values for each compute engine', () => {
  it('covers DuckDB, Trino, Snowflake and BigQuery; every file is a platform file or values of a floe chart', () => {
    expect(engineNames).toEqual(expect.arrayContaining(['duckdb', 'trino', 'snowflake', 'bigquery']));
    const known = new Set(
      Object.values(engines)
        .flatMap((e) => [e.platform, e.dagster, e.cube])
        .filter((f) => f.startsWith('examples/compute/'))
        .map((f) => f.slice('examples/compute/'.length)),
    );
    expect(computeFiles.filter((f) => !known.has(f))).toEqual([]);
    for (const files of Object.values(engines))
      for (const f of Object.values(files)) expect(existsSync(join(repoRoot, f)), f).toBe(true);
  });

  it.each(engineNames)('%s: the platform file validates and compiles with the demo project', async (engine) => {
    const files = engines[engine]!;
    const loaded = await loadProject({
      projectDir: join(repoRoot, 'demo'),
      platformFile: join(repoRoot, files.platform),
      noCache: true,
    });
    // What `floe validate demo --platform <file>` reports besides schema problems (thrown by loadProject).
    expect(await projectFolderDiagnostics(loaded)).toEqual([]);
    const { artifacts } = loaded;
    expect(compiledArtifactsSchema.parse(artifacts)).toEqual(artifacts);
    expect(artifacts.compute.type).toBe(engine);
    const mode = engine === 'duckdb' ? 'floe-publish' : 'dbt-native';
    expect(artifacts.publish.every((p) => p.mode === mode)).toBe(true);
    expect(detectLiteralSecrets(await readYaml(files.platform))).toEqual([]);
  });

  it.each(engineNames)(
    '%s: the floe-dagster and floe-cube values pass helm lint --strict (values.schema.json) and render valid objects',
    async (engine) => {
      const files = engines[engine]!;
      const loaded = await loadProject({
        projectDir: join(repoRoot, 'demo'),
        platformFile: join(repoRoot, files.platform),
        noCache: true,
      });
      const artifactsFile = join(work, `compiled-artifacts-${engine}.json`);
      await writeFile(artifactsFile, serializeArtifacts(loaded.artifacts));
      const platform = join(repoRoot, files.platform);
      const problems: string[] = [];
      for (const valuesFile of [files.dagster, files.cube]) {
        const { chart } = await chartValues(valuesFile);
        const fileArgs =
          chart === 'floe-dagster'
            ? ['--set-file', `compiledArtifacts.content=${artifactsFile}`, '--set-file', `platform.content=${platform}`]
            : ['--set-file', `platform.content=${platform}`];
        const args = ['-f', join(repoRoot, valuesFile), ...fileArgs];
        await helm(['lint', '--strict', join(work, chart), ...args]);
        const { stdout } = await helm(['template', chart, join(work, chart), '-n', 'floe', ...args]);
        const objects = parseManifests(stdout);
        expect(objects.length).toBeGreaterThan(0);
        for (const object of objects) {
          await validateObject(object).catch((e: Error) => problems.push(`${valuesFile}: ${e.message}`));
          if (isWorkload(object)) problems.push(...checkWorkload(object).map((p) => `${valuesFile}: ${p}`));
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it.each(engineNames)(
    '%s: the code location and every run mount exactly the Secrets the platform file references',
    async (engine) => {
      const files = engines[engine]!;
      const platform = await readYaml(files.platform);
      const { values } = await chartValues(files.dagster);
      const code = codeLocation(values);
      // Runs get the code location's volumes, mounts and environment (includeConfigInLaunchedRuns).
      expect(code.includeConfigInLaunchedRuns.enabled).toBe(true);
      expect(String(code.image.tag)).not.toMatch(/^(latest)?$/);
      const secretVolumes = code.volumes.filter((v) => v.secret);
      const mounted = secretVolumes.map((v) => v.secret?.secretName).sort();
      expect(mounted).toEqual([...referencedSecrets(platform)].sort());
      for (const volume of secretVolumes) {
        const mount = code.volumeMounts.find((m) => m.name === volume.name);
        expect(mount?.mountPath, volume.name).toBe(`${SECRETS_DIR}/${volume.secret?.secretName}`);
      }
      // Apart from its image and the Secrets, the code location is values.yaml's (Helm replaces lists, so a values
      // file that adds a Secret repeats the whole code location).
      const base = codeLocation(await readYaml('charts/floe-dagster/values.yaml'));
      const secretNames = (c: CodeLocation) => new Set(c.volumes.filter((v) => v.secret).map((v) => v.name));
      const rest = (c: CodeLocation) => {
        const { image: _image, volumes, volumeMounts, ...others } = c;
        const secrets = secretNames(c);
        return {
          ...others,
          volumes: volumes.filter((v) => !secrets.has(v.name)),
          volumeMounts: volumeMounts.filter((m) => !secrets.has(m.name)),
        };
      };
      expect(rest(code)).toEqual(rest(base));
    },
  );

  it.each(engineNames)(
    "%s: Dagster's database is the platform file's orchestration.dagster.metadata",
    async (engine) => {
      const files = engines[engine]!;
      const platform = await readYaml(files.platform);
      const { values } = await chartValues(files.dagster);
      const metadata = (platform.orchestration as { dagster: { metadata: Values } }).dagster.metadata;
      const dagster = values.dagster as {
        global: { postgresqlSecretName: string };
        postgresql: { postgresqlHost: string; postgresqlUsername: string; postgresqlDatabase: string; service: Values };
      };
      expect(metadata).toMatchObject({
        type: 'postgres',
        host: dagster.postgresql.postgresqlHost,
        user: dagster.postgresql.postgresqlUsername,
        database: dagster.postgresql.postgresqlDatabase,
      });
      expect(metadata.port ?? 5432).toBe(dagster.postgresql.service.port);
      expect([...referencedSecrets(metadata.password)]).toEqual([dagster.global.postgresqlSecretName]);
    },
  );

  it.each(engineNames)('%s: Cube mounts the Secrets it reads', async (engine) => {
    const files = engines[engine]!;
    const platform = await readYaml(files.platform);
    const { values } = await chartValues(files.cube);
    const mounted = (values.credentials as { mounted: string[] }).mounted;
    const compute = (platform.compute as Record<string, Values>).default;
    expect(mounted).toEqual(expect.arrayContaining([...referencedSecrets(compute)]));
    if ((values.image as { repository: string }).repository === 'ghcr.io/floe-data/floe-cube') {
      // floe's own Cube reads the catalog and the bucket itself: every Secret of the platform file but Dagster's
      // database password.
      const dagsterDb = referencedSecrets(
        (platform.orchestration as { dagster: { metadata: Values } }).dagster.metadata,
      );
      const needed = [...referencedSecrets(platform)].filter((s) => !dagsterDb.has(s));
      expect(mounted).toEqual(expect.arrayContaining(needed));
    }
  });
});
