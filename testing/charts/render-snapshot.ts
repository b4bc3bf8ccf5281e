/**
 * Renders a charts directory into one file per case, to diff the manifests before and after a chart refactoring:
 * every chart × every values file (with the --set-file arguments of fileArgs()), each chart without a values file,
 * the credentials modes, name overrides, the optional objects (NetworkPolicy, ServiceMonitor, PDB, ingress), the
 * failure messages (mutable image tags, SOPS, Sealed Secrets) and the examples/environments values of the umbrella.
 * Randomly generated Secret values (credentials.mode generate) are replaced by <generated>, and the template position
 * of a render error by <position>, so that two renders of the same charts are identical.
 *
 *   git archive HEAD charts | tar -x -C /tmp/before        # the charts as committed (or any other tree)
 *   npx tsx --conditions=floe-source testing/charts/render-snapshot.ts /tmp/before/charts /tmp/render/before
 *   npx tsx --conditions=floe-source testing/charts/render-snapshot.ts charts /tmp/render/after
 *   diff -r /tmp/render/before /tmp/render/after
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadProject, serializeArtifacts } from '@floe/core';
import { type ChartName, charts, fileArgs, helm, prepareCharts, repoRoot, valuesFiles } from './helm.js';

const [sourceArg, outArg] = process.argv.slice(2);
if (!sourceArg || !outArg) throw new Error('usage: render-snapshot.ts <charts-dir> <out-dir>');
const source = resolve(sourceArg);
const out = resolve(outArg);
await mkdir(out, { recursive: true });

const work = await prepareCharts(source);
const platform = join(repoRoot, 'demo/platform/k8s.yaml');
const loaded = await loadProject({ projectDir: join(repoRoot, 'demo'), platformFile: platform, noCache: true });
const files = { artifacts: join(work, 'compiled_artifacts.json'), platform };
await writeFile(files.artifacts, serializeArtifacts(loaded.artifacts));

/** Replaces the values of generated Secrets (annotated helm.sh/resource-policy: keep) and render error positions. */
function normalise(text: string): string {
  return text
    .split(/\n(?=---\n)/)
    .map((doc) => {
      if (!/\nkind: Secret\n/.test(doc) || !doc.includes('helm.sh/resource-policy: keep')) return doc;
      const [head, data = ''] = doc.split('\ndata:\n');
      return `${head}\ndata:\n${data.replace(/^( {2}[\w-]+): .*$/gm, '$1: <generated>')}`;
    })
    .join('\n')
    .replace(/execution error at \([^)]*\)/g, 'execution error at (<position>)')
    .replaceAll(work, '<charts>');
}

async function render(name: string, chart: ChartName, args: string[]): Promise<void> {
  const release = chart === 'floe-runtime' ? 'floe' : chart;
  let text: string;
  try {
    const { stdout } = await helm(['template', release, join(work, chart), '-n', 'floe', ...args]);
    text = stdout;
  } catch (error) {
    text = `ERROR: ${String((error as { stderr?: string }).stderr ?? error).trim()}\n`;
  }
  await writeFile(join(out, `${name}.yaml`), normalise(text));
}

const prod = (chart: ChartName) => ['-f', join(work, chart, 'values-prod.yaml')];
const perKey = (prefix: string, secrets: Record<string, string[]>, value: (secret: string, key: string) => string) =>
  Object.entries(secrets).flatMap(([s, keys]) => keys.flatMap((k) => ['--set', `${prefix}.${s}.${k}=${value(s, k)}`]));
const keys: Record<'floe-infrastructure' | 'floe-dagster' | 'floe-cube', Record<string, string[]>> = {
  'floe-infrastructure': {
    'floe-postgresql': ['password', 'postgresql-password'],
    'floe-objectstore': ['access-key-id', 'secret-access-key'],
    'floe-polaris-root': ['client-id', 'client-secret'],
  },
  'floe-dagster': {
    'floe-postgresql': ['password', 'postgresql-password'],
    'floe-objectstore': ['access-key-id', 'secret-access-key'],
    'floe-polaris': ['client-id', 'client-secret'],
  },
  'floe-cube': { 'floe-cube': ['api-secret', 'sql-password'] },
};

const cases: [string, ChartName, string[]][] = [];
for (const chart of charts) {
  for (const v of await valuesFiles(chart, source)) cases.push([`${chart}__${v}`, chart, ['-f', join(work, chart, v)]]);
  cases.push([`${chart}__no-values-file`, chart, []]);
}
for (const chart of ['floe-infrastructure', 'floe-dagster', 'floe-cube'] as const) {
  const k = keys[chart];
  cases.push(
    [
      `${chart}__sealedSecret`,
      chart,
      [
        '--set',
        'credentials.mode=sealedSecret',
        ...perKey('credentials.sealedSecret.encryptedData', k, (s, x) => `AgB${s}${x}`),
      ],
    ],
    [`${chart}__sealedSecret-missing`, chart, ['--set', 'credentials.mode=sealedSecret']],
    [
      `${chart}__sops`,
      chart,
      ['--set', 'credentials.mode=sops', ...perKey('credentials.sops.data', k, (s, x) => `v-${s}-${x}`)],
    ],
    [`${chart}__sops-missing`, chart, ['--set', 'credentials.mode=sops']],
    [
      `${chart}__sops-encrypted`,
      chart,
      ['--set', 'credentials.mode=sops', ...perKey('credentials.sops.data', k, () => 'ENC[AES256_GCM;data]')],
    ],
    [
      `${chart}__externalSecret`,
      chart,
      ['--set', 'credentials.mode=externalSecret', '--set', 'credentials.externalSecret.secretStoreRef.name=store'],
    ],
    [`${chart}__externalSecret-no-store`, chart, ['--set', 'credentials.mode=externalSecret']],
    [`${chart}__generate`, chart, ['--set', 'credentials.mode=generate']],
    [`${chart}__mode-unknown`, chart, ['--skip-schema-validation', '--set', 'credentials.mode=plain']],
    [
      `${chart}__prod-overrides`,
      chart,
      [
        ...prod(chart),
        '--set',
        'nameOverride=other-name',
        '--set',
        'fullnameOverride=a-full-name-override-that-is-long-enough-to-be-cut-at-63-characters',
        '--set-json',
        'networkPolicy.allowedNamespaceLabels={"kubernetes.io/metadata.name":"ingress"}',
      ],
    ],
  );
}
cases.push(
  [
    'floe-infrastructure__polaris-3-replicas',
    'floe-infrastructure',
    [
      ...prod('floe-infrastructure'),
      '--set',
      'polaris.replicas=3',
      '--set-json',
      'serviceMonitor.labels={"release":"prom"}',
    ],
  ],
  ['floe-infrastructure__latest', 'floe-infrastructure', ['--set', 'jaeger.image.tag=latest']],
  [
    'floe-infrastructure__latest-no-schema',
    'floe-infrastructure',
    ['--skip-schema-validation', '--set', 'jaeger.image.tag=latest'],
  ],
  [
    'floe-infrastructure__empty-tag-no-schema',
    'floe-infrastructure',
    ['--skip-schema-validation', '--set', 'postgresql.image.tag='],
  ],
  [
    'floe-cube__single-api-replica',
    'floe-cube',
    [...prod('floe-cube'), '--set', 'api.replicas=1', '--set-json', 'serviceMonitor.labels={"release":"prom"}'],
  ],
  ['floe-cube__latest-no-schema', 'floe-cube', ['--skip-schema-validation', '--set', 'image.tag=latest']],
  ['floe-dagster__latest-no-schema', 'floe-dagster', ['--skip-schema-validation', '--set', 'testImage.tag=latest']],
  ['floe-runtime__latest', 'floe-runtime', ['--set', 'floe-cube.image.tag=latest']],
);
for (const env of ['dev', 'staging', 'prod']) {
  const base = env === 'prod' ? prod('floe-runtime') : [];
  const values = join(repoRoot, 'examples/environments', env, 'floe-runtime.yaml');
  cases.push([`examples__${env}`, 'floe-runtime', [...base, '-f', values]]);
}

for (const [name, chart, args] of cases) await render(name, chart, [...args, ...fileArgs(chart, files)]);
await rm(work, { recursive: true, force: true });
console.log(`${cases.length} renders of ${source} written to ${out}`);
