import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { detectLiteralSecrets } from '@floe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { helm, type K8sObject, parseManifests, prepareCharts, repoRoot } from './helm.js';
import { validateObject } from './k8s-validate.js';
import { checkWorkload, isWorkload } from './policy.js';

// The GitOps and secrets examples: every object is checked against its CRD schema (Argo CD, Flux, External Secrets,
// Sealed Secrets) offline, every Flux overlay is built with the real kubectl kustomize, and every environment's
// values are rendered through the real chart. No Argo CD or Flux controller runs here (no cluster).
const run = promisify(execFile);
const examples = join(repoRoot, 'examples');
const kubectl = join(repoRoot, '.tools/bin/kubectl');
const environments = ['dev', 'staging', 'prod'];

/** The deployment examples (examples/projects/ holds floe project files, checked by @floe/core's own tests). */
const deploymentDirs = ['argocd', 'flux', 'secrets', 'environments'];

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
  !String((o as K8sObject).apiVersion).startsWith('kustomize.config.k8s.io');

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
