import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { detectLiteralSecrets } from '@floe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  type ChartName,
  charts,
  chartsDir,
  fileArgs,
  helm,
  helmAvailable,
  type K8sObject,
  parseManifests,
  prepareCharts,
  repoRoot,
  valuesFiles,
  writeDemoArtifacts,
} from './helm.js';
import { validateObject } from './k8s-validate.js';
import { checkWorkload, isWorkload } from './policy.js';

// Runs the real helm v3.17 binary (make setup puts it in .tools/bin). Upstream subcharts are not downloadable
// offline: the Dagster dependency is replaced by the fixture chart testing/charts/fixtures/dagster (renders nothing),
// so these tests cover floe's own templates; `make helm-test-render` renders with the real Dagster chart online.
if (!helmAvailable()) throw new Error('helm not found in .tools/bin: run `make setup` (mk/charts.mk installs it)');

let work = '';
const files = { artifacts: '', platform: join(repoRoot, 'demo/platform/k8s.yaml') };
const matrix: [ChartName, string][] = [];
for (const chart of charts) for (const v of await valuesFiles(chart)) matrix.push([chart, v]);

beforeAll(async () => {
  work = await prepareCharts();
  // Real CompiledArtifacts of the demo project for the Kubernetes platform file, compiled by @floe/core.
  Object.assign(files, await writeDemoArtifacts(work));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** `helm template` of a chart in a charts directory (default: the prepared copy), as text. */
async function renderText(chart: ChartName, valuesFile: string | undefined, extra: string[] = [], from = work) {
  const dir = join(from, chart);
  const values = valuesFile ? ['-f', join(dir, valuesFile)] : [];
  const release = chart === 'floe-runtime' ? 'floe' : chart;
  const { stdout } = await helm([
    'template',
    release,
    dir,
    '-n',
    'floe',
    ...values,
    ...fileArgs(chart, files),
    ...extra,
  ]);
  return stdout;
}

async function render(chart: ChartName, valuesFile: string | undefined, extra: string[] = []): Promise<K8sObject[]> {
  return parseManifests(await renderText(chart, valuesFile, extra));
}

describe.each(matrix)('chart %s with %s', (chart, valuesFile) => {
  it('passes helm lint --strict', async () => {
    const dir = join(work, chart);
    const { stdout } = await helm(['lint', '--strict', dir, '-f', join(dir, valuesFile), ...fileArgs(chart, files)]);
    expect(stdout).toContain('0 chart(s) failed');
  });

  it('renders objects that match the Kubernetes and CRD schemas and the workload policy', async () => {
    const objects = await render(chart, valuesFile);
    expect(objects.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const object of objects) {
      try {
        await validateObject(object);
      } catch (error) {
        problems.push((error as Error).message);
      }
      const labels = object.metadata.labels ?? {};
      for (const label of [
        'app.kubernetes.io/name',
        'app.kubernetes.io/instance',
        'app.kubernetes.io/managed-by',
        'app.kubernetes.io/part-of',
      ]) {
        if (!labels[label]) problems.push(`${object.kind}/${object.metadata.name}: no label ${label}`);
      }
      if (isWorkload(object)) problems.push(...checkWorkload(object));
    }
    expect(problems).toEqual([]);
  });
});

/** The pod specs of rendered workloads (Pod, and the pod template of Deployment, StatefulSet, DaemonSet, Job, CronJob). */
function podSpecs(objects: K8sObject[]): { name: string; spec: Record<string, unknown> }[] {
  type Spec = { template?: { spec?: Record<string, unknown> }; jobTemplate?: { spec?: Spec } };
  return objects.flatMap((o) => {
    const spec = o.spec as Spec & Record<string, unknown>;
    const pod =
      o.kind === 'Pod'
        ? spec
        : o.kind === 'CronJob'
          ? spec.jobTemplate?.spec?.template?.spec
          : ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(o.kind)
            ? spec.template?.spec
            : undefined;
    return pod ? [{ name: `${o.kind}/${o.metadata.name}`, spec: pod }] : [];
  });
}

describe('imagePullSecrets (floe-common.images.pullSecrets)', () => {
  /** The umbrella passes its pull secrets down as global.imagePullSecrets; a chart alone takes imagePullSecrets. */
  const key = (chart: ChartName) => (chart === 'floe-runtime' ? 'global.imagePullSecrets' : 'imagePullSecrets');

  it.each(matrix)(
    '%s with %s: every pod spec gets the pull secrets, and none without them',
    async (chart, valuesFile) => {
      const withSecret = podSpecs(await render(chart, valuesFile, ['--set', `${key(chart)}[0]=regcred`]));
      expect(withSecret.length).toBeGreaterThan(0);
      const missing = withSecret
        .filter(
          ({ spec }) => !(spec.imagePullSecrets as { name: string }[] | undefined)?.some((s) => s.name === 'regcred'),
        )
        .map(({ name }) => name);
      expect(missing).toEqual([]);
      const defaults = podSpecs(await render(chart, valuesFile));
      // The same workloads (by kind: the Polaris init Job's name carries a digest of its spec).
      const kinds = (specs: typeof defaults) => specs.map(({ name }) => name.split('/')[0]).sort();
      expect(kinds(defaults)).toEqual(kinds(withSecret));
      expect(defaults.filter(({ spec }) => 'imagePullSecrets' in spec).map(({ name }) => name)).toEqual([]);
    },
  );

  it('merges global.imagePullSecrets and the chart own list (names or {name}), without duplicates', async () => {
    const specs = podSpecs(
      await render('floe-cube', undefined, [
        '--set',
        'global.imagePullSecrets[0]=regcred',
        '--set',
        'global.imagePullSecrets[1].name=mirror',
        '--set',
        'imagePullSecrets[0].name=regcred',
        '--set',
        'imagePullSecrets[1]=ghcr',
      ]),
    );
    expect(specs.length).toBeGreaterThan(0);
    for (const { spec } of specs) {
      expect(spec.imagePullSecrets).toEqual([{ name: 'regcred' }, { name: 'mirror' }, { name: 'ghcr' }]);
    }
    await expect(render('floe-cube', undefined, ['--set', 'imagePullSecrets[0]=Not_A_Secret'])).rejects.toThrow(
      /imagePullSecrets/,
    );
  });
});

describe('values.schema.json', () => {
  const typos: Record<ChartName, string> = {
    'floe-infrastructure': 'polaris.replcas=2',
    'floe-dagster': 'demo.schedul=x',
    'floe-cube': 'api.replcas=2',
    'floe-runtime': 'floe-cube.api.replcas=2',
  };
  it.each(charts)('%s rejects a mistyped key and a mutable image tag', async (chart) => {
    await expect(render(chart, undefined, ['--set', typos[chart]])).rejects.toThrow(
      /Additional property replcas|Additional property schedul/,
    );
    const tagKey = {
      'floe-infrastructure': 'jaeger.image.tag',
      'floe-dagster': 'testImage.tag',
      'floe-cube': 'image.tag',
      'floe-runtime': 'floe-cube.image.tag',
    }[chart];
    await expect(render(chart, undefined, ['--set', `${tagKey}=latest`])).rejects.toThrow(/image\.tag|not/);
  });
});

describe('floe-common, the library chart the others share', () => {
  const library = join(chartsDir, 'floe-common');
  const applicationCharts = ['floe-infrastructure', 'floe-dagster', 'floe-cube'] as const;
  const otherCharts = async () =>
    (await readdir(chartsDir, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && e.name !== 'floe-common' && existsSync(join(chartsDir, e.name, 'Chart.yaml')))
      .map((e) => e.name);
  /** Template files of a chart (paths relative to the chart), with their text. */
  const templatesOf = async (chartDir: string) => {
    const files = (await readdir(join(chartDir, 'templates'), { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => relative(chartDir, join(e.parentPath, e.name)));
    return Promise.all(files.map(async (f) => ({ file: f, text: await readFile(join(chartDir, f), 'utf8') })));
  };
  const defines = (text: string) => [...text.matchAll(/\{\{-?\s*define\s+"([^"]+)"/g)].map((m) => m[1]!);
  const chartMeta = async (chartDir: string) =>
    parse(await readFile(join(chartDir, 'Chart.yaml'), 'utf8')) as {
      type?: string;
      version: string;
      dependencies?: { name: string; version: string; repository?: string }[];
    };
  /** A scratch copy of charts/ without the subcharts of any dependency build. */
  const scratchCopy = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'floe-charts-deps-'));
    await cp(chartsDir, dir, {
      recursive: true,
      filter: (src) => !/^[^/\\]+[/\\]charts([/\\]|$)/.test(relative(chartsDir, src)),
    });
    return dir;
  };

  it('is a library chart that only defines floe-common.* templates and passes helm lint --strict', async () => {
    expect((await chartMeta(library)).type).toBe('library');
    const templates = await templatesOf(library);
    expect(templates.length).toBeGreaterThan(0);
    for (const { file, text } of templates) {
      expect(file, 'a library chart holds only partials').toMatch(/^templates\/_[\w-]+\.tpl$/);
      for (const name of defines(text)) expect(name, file).toMatch(/^floe-common\.[\w.]+$/);
    }
    const { stdout } = await helm(['lint', '--strict', library]);
    expect(stdout).toContain('0 chart(s) failed');
  });

  it('no other chart defines a floe-common.* template or keeps a copy of what the library holds', async () => {
    const shared = ['name', 'fullname', 'component', 'labels', 'selectorLabels', 'image', 'podSecurityContext'];
    const copies: string[] = [];
    for (const chart of await otherCharts()) {
      for (const { file, text } of await templatesOf(join(chartsDir, chart))) {
        if (file.endsWith('/_credentials.tpl')) copies.push(`${chart}/${file}`);
        for (const name of defines(text)) {
          const local = name.startsWith(`${chart}.`) ? name.slice(chart.length + 1) : '';
          const copy = name.startsWith('floe-common.') || name === 'floe.credentials';
          if (copy || [...shared, 'containerSecurityContext', 'affinity'].includes(local)) {
            copies.push(`${chart}/${file}: define "${name}"`);
          }
        }
      }
    }
    expect(copies).toEqual([]);
  });

  it('every floe-common template a chart includes is defined by the library', async () => {
    const defined = new Set((await templatesOf(library)).flatMap(({ text }) => defines(text)));
    const missing: string[] = [];
    for (const chart of ['floe-common', ...(await otherCharts())]) {
      for (const { file, text } of await templatesOf(join(chartsDir, chart))) {
        for (const [, name] of text.matchAll(/(?:include|template)\s+"(floe-common\.[^"]+)"/g)) {
          if (!defined.has(name!)) missing.push(`${chart}/${file}: ${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it.each(charts)('%s depends on floe-common (file://../floe-common, at the library version)', async (chart) => {
    const { version } = await chartMeta(library);
    const deps = (await chartMeta(join(chartsDir, chart))).dependencies ?? [];
    expect(deps.filter((d) => d.name === 'floe-common')).toEqual([
      { name: 'floe-common', version, repository: 'file://../floe-common' },
    ]);
  });

  it.each(applicationCharts)('%s renders with the library and not without it', async (chart) => {
    expect((await render(chart, 'values.yaml')).length).toBeGreaterThan(0);
    const dir = await mkdtemp(join(tmpdir(), 'floe-no-library-'));
    try {
      await cp(join(work, chart), join(dir, chart), { recursive: true });
      await rm(join(dir, chart, 'charts/floe-common'), { recursive: true });
      await expect(renderText(chart, 'values.yaml', [], dir)).rejects.toThrow(
        /missing in charts\/ directory: floe-common/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('`helm dependency build` packages floe-common offline (make helm-deps-local); the charts render the same', async () => {
    const dir = await scratchCopy();
    try {
      for (const chart of ['floe-infrastructure', 'floe-cube'] as const) {
        await helm(['dependency', 'build', '--skip-refresh', join(dir, chart)]);
        expect(await renderText(chart, 'values-prod.yaml', [], dir)).toBe(await renderText(chart, 'values-prod.yaml'));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('floe-runtime renders the same with only its own dependencies built, as Argo CD and Flux build it', async () => {
    // Argo CD and Flux run one `helm dependency build` (or its equivalent) in the chart they deploy, not in its
    // file:// subcharts: the packaged floe-infrastructure, floe-dagster and floe-cube carry no floe-common. Helm's
    // named templates are global to a chart tree, so the umbrella's own floe-common dependency serves them.
    const dir = await scratchCopy();
    try {
      await helm(['dependency', 'build', '--skip-refresh', join(dir, 'floe-runtime')]);
      const values = join(dir, 'floe-runtime/values-prod.yaml');
      const { stdout } = await helm([
        'lint',
        '--strict',
        join(dir, 'floe-runtime'),
        '-f',
        values,
        ...fileArgs('floe-runtime', files),
      ]);
      expect(stdout).toContain('0 chart(s) failed');
      expect(await renderText('floe-runtime', 'values-prod.yaml', [], dir)).toBe(
        await renderText('floe-runtime', 'values-prod.yaml'),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('credentials', () => {
  it('mode generate creates random values (two installs differ), existingSecret renders no Secret', async () => {
    const secretsOf = (objects: K8sObject[]) => objects.filter((o) => o.kind === 'Secret');
    const a = secretsOf(await render('floe-infrastructure', 'values-local.yaml'));
    const b = secretsOf(await render('floe-infrastructure', 'values-local.yaml'));
    expect(a.map((s) => s.metadata.name).sort()).toEqual(['floe-objectstore', 'floe-polaris-root', 'floe-postgresql']);
    const data = (s: K8sObject) => JSON.stringify(s.data);
    expect(a.map(data)).not.toEqual(b.map(data));
    for (const secret of a) expect(secret.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
    expect(secretsOf(await render('floe-infrastructure', 'values.yaml'))).toEqual([]);
  });

  it('renders ExternalSecrets, SealedSecrets and SOPS-decrypted Secrets that match their schemas', async () => {
    const keys: Record<string, string[]> = {
      'floe-postgresql': ['password', 'postgresql-password'],
      'floe-objectstore': ['access-key-id', 'secret-access-key'],
      'floe-polaris-root': ['client-id', 'client-secret'],
    };
    const perKey = (prefix: string, value: () => string) =>
      Object.entries(keys).flatMap(([s, ks]) =>
        ks.flatMap((k) => ['--set', `credentials.${prefix}.${s}.${k}=${value()}`]),
      );
    const external = await render('floe-infrastructure', 'values-prod.yaml');
    expect(external.filter((o) => o.kind === 'ExternalSecret')).toHaveLength(3);
    const sealed = await render('floe-infrastructure', undefined, [
      '--set',
      'credentials.mode=sealedSecret',
      ...perKey('sealedSecret.encryptedData', () => `AgB${randomBytes(24).toString('base64url')}`),
    ]);
    const sops = await render('floe-infrastructure', undefined, [
      '--set',
      'credentials.mode=sops',
      ...perKey('sops.data', () => randomBytes(12).toString('hex')),
    ]);
    expect(sealed.filter((o) => o.kind === 'SealedSecret')).toHaveLength(3);
    expect(sops.filter((o) => o.kind === 'Secret')).toHaveLength(3);
    for (const o of [...external, ...sealed, ...sops].filter((x) => /Secret$/.test(x.kind))) await validateObject(o);
    await expect(
      render('floe-infrastructure', undefined, [
        '--set',
        'credentials.mode=sops',
        ...perKey('sops.data', () => 'ENC[AES256_GCM;data]'),
      ]),
    ).rejects.toThrow(/still SOPS-encrypted/);
    await expect(render('floe-infrastructure', undefined, ['--set', 'credentials.mode=sealedSecret'])).rejects.toThrow(
      /seal the value with kubeseal/,
    );
  });

  it('no values file and no template holds a literal credential', async () => {
    const findings: string[] = [];
    for (const chart of charts) {
      for (const v of await valuesFiles(chart)) {
        const doc = parse(await readFile(join(chartsDir, chart, v), 'utf8'));
        for (const f of detectLiteralSecrets(doc)) findings.push(`${chart}/${v} ${f.path.join('.')}: ${f.reason}`);
      }
      const { stdout } = await helm(['show', 'chart', join(work, chart)]);
      expect(stdout).toContain(`name: ${chart}`);
    }
    const { stdout: templates } = await import('node:child_process').then(({ execFileSync }) => ({
      stdout: execFileSync('git', ['ls-files', '-co', '--exclude-standard', 'charts'], {
        cwd: repoRoot,
        encoding: 'utf8',
      }),
    }));
    // Tracked and untracked files; a tracked file deleted in the working tree is gone (not yet staged).
    for (const file of templates
      .split('\n')
      .filter((f) => f.includes('/templates/') && existsSync(join(repoRoot, f)))) {
      const text = await readFile(join(repoRoot, file), 'utf8');
      for (const f of detectLiteralSecrets(text)) findings.push(`${file}: ${f.reason}`);
    }
    expect(findings).toEqual([]);
  });
});

describe('floe-dagster', () => {
  it('mounts the real CompiledArtifacts and platform file from ConfigMaps', async () => {
    const objects = await render('floe-dagster', 'values-local.yaml');
    const artifacts = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'floe-compiled-artifacts');
    const platform = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'floe-platform');
    const data = (o: K8sObject | undefined) => (o?.data ?? {}) as Record<string, string>;
    const content = data(artifacts)['compiled_artifacts.json'] ?? '';
    expect(JSON.parse(content)).toEqual(JSON.parse(await readFile(files.artifacts, 'utf8')));
    expect(data(platform)['platform.yaml']).toContain('kind: Platform');
  });

  it('fails with a clear message without CompiledArtifacts', async () => {
    await expect(
      helm(['template', 'x', join(work, 'floe-dagster'), '--set-file', `platform.content=${files.platform}`]),
    ).rejects.toThrow(/compiledArtifacts.content: pass the output of `floe compile`/);
  });
});
