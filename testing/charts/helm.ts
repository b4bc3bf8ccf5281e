import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loadProject, serializeArtifacts } from '@floe/core';
import { parse, parseAllDocuments } from 'yaml';

const run = promisify(execFile);

export const repoRoot = resolve(import.meta.dirname, '../..');
export const chartsDir = join(repoRoot, 'charts');
export const helmBin = join(repoRoot, '.tools/bin/helm');
export const charts = ['floe-infrastructure', 'floe-dagster', 'floe-cube', 'floe-runtime'] as const;
export type ChartName = (typeof charts)[number];

export function helmAvailable(): boolean {
  return existsSync(helmBin);
}

export async function helm(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(helmBin, args, {
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, HELM_CACHE_HOME: join(tmpdir(), 'floe-helm-cache') },
  });
}

/** Remote dependencies that cannot be downloaded offline, by name: the test fixture that stands in for each. */
const offlineSubstitutes: Record<string, string> = {
  // The official Dagster chart (dependency of floe-dagster); the fixture renders nothing.
  dagster: join(import.meta.dirname, 'fixtures/dagster'),
};

interface ChartDependency {
  name: string;
  version: string;
  repository?: string;
}

async function dependenciesOf(chartDir: string): Promise<ChartDependency[]> {
  const meta = parse(await readFile(join(chartDir, 'Chart.yaml'), 'utf8')) as { dependencies?: ChartDependency[] };
  return meta.dependencies ?? [];
}

/**
 * Copies a charts directory (default charts/) into a temp dir and wires every chart's dependencies offline, as
 * unpacked charts in its charts/ directory (what `helm dependency build` would package there):
 * - a `file://` dependency gets a copy of that chart, wired first — so floe-runtime's copies of floe-infrastructure,
 *   floe-dagster and floe-cube carry their own floe-common, as the packages `make helm-deps` builds do;
 * - a remote dependency is replaced by its offline test fixture (the official Dagster chart by
 *   testing/charts/fixtures/dagster, which renders nothing).
 * Whatever `helm dependency build` left in a chart's charts/ (packaged .tgz) is not copied.
 */
export async function prepareCharts(source: string = chartsDir): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'floe-charts-'));
  await cp(source, dir, {
    recursive: true,
    filter: (src) => !/^[^/\\]+[/\\]charts([/\\]|$)/.test(relative(source, src)),
  });
  const wired = new Map<string, Promise<void>>();
  const wire = (chartDir: string): Promise<void> => {
    let done = wired.get(chartDir);
    if (!done) {
      done = (async () => {
        for (const dep of await dependenciesOf(chartDir)) {
          const target = join(chartDir, 'charts', dep.name);
          if (dep.repository?.startsWith('file://')) {
            const depDir = resolve(chartDir, dep.repository.slice('file://'.length));
            await wire(depDir);
            await cp(depDir, target, { recursive: true });
          } else if (offlineSubstitutes[dep.name]) {
            await cp(offlineSubstitutes[dep.name]!, target, { recursive: true });
          } else {
            throw new Error(`${chartDir}: no offline substitute for dependency ${dep.name} (${dep.repository})`);
          }
        }
      })();
      wired.set(chartDir, done);
    }
    return done;
  };
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && existsSync(join(dir, entry.name, 'Chart.yaml'))) await wire(join(dir, entry.name));
  }
  return dir;
}

/** values.yaml, values-*.yaml and ci/*.yaml of a chart (paths relative to the chart). */
export async function valuesFiles(chart: ChartName, source: string = chartsDir): Promise<string[]> {
  const top = (await readdir(join(source, chart))).filter((f) => /^values(-[\w-]+)?\.yaml$/.test(f)).sort();
  const ciDir = join(source, chart, 'ci');
  const ci = existsSync(ciDir) ? (await readdir(ciDir)).filter((f) => f.endsWith('.yaml')).map((f) => `ci/${f}`) : [];
  return [...top, ...ci.sort()];
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null && typeof o === 'object');
}

/** The --set-file arguments a chart needs (CompiledArtifacts and the platform file). */
export function fileArgs(chart: ChartName, files: { artifacts: string; platform: string }): string[] {
  switch (chart) {
    case 'floe-dagster':
      return [
        '--set-file',
        `compiledArtifacts.content=${files.artifacts}`,
        '--set-file',
        `platform.content=${files.platform}`,
      ];
    case 'floe-cube':
      return ['--set-file', `platform.content=${files.platform}`];
    case 'floe-runtime':
      return [
        '--set-file',
        `floe-dagster.compiledArtifacts.content=${files.artifacts}`,
        '--set-file',
        `floe-dagster.platform.content=${files.platform}`,
        '--set-file',
        `floe-cube.platform.content=${files.platform}`,
      ];
    default:
      return [];
  }
}

/**
 * The demo project compiled for the Kubernetes platform file (demo/platform/k8s.yaml) by @floe/core: writes
 * `<dir>/compiled_artifacts.json` and returns the two files the charts take with --set-file (see fileArgs).
 */
export async function writeDemoArtifacts(dir: string): Promise<{ artifacts: string; platform: string }> {
  const platform = join(repoRoot, 'demo/platform/k8s.yaml');
  const loaded = await loadProject({ projectDir: join(repoRoot, 'demo'), platformFile: platform, noCache: true });
  const artifacts = join(dir, 'compiled_artifacts.json');
  await writeFile(artifacts, serializeArtifacts(loaded.artifacts));
  return { artifacts, platform };
}
