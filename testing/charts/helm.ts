import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

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

/**
 * Copies charts/ into a temp dir and wires the subcharts offline: the official Dagster chart is replaced by the
 * test fixture testing/charts/fixtures/dagster (renders nothing), and the umbrella gets unpacked copies of floe's
 * charts in charts/ (what `helm dependency build` would package).
 */
export async function prepareCharts(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'floe-charts-'));
  await cp(chartsDir, dir, { recursive: true });
  await mkdir(join(dir, 'floe-dagster/charts'), { recursive: true });
  await cp(join(import.meta.dirname, 'fixtures/dagster'), join(dir, 'floe-dagster/charts/dagster'), {
    recursive: true,
  });
  await mkdir(join(dir, 'floe-runtime/charts'), { recursive: true });
  for (const sub of ['floe-infrastructure', 'floe-dagster', 'floe-cube']) {
    await cp(join(dir, sub), join(dir, 'floe-runtime/charts', sub), { recursive: true });
  }
  return dir;
}

/** values.yaml, values-*.yaml and ci/*.yaml of a chart (paths relative to the chart). */
export async function valuesFiles(chart: ChartName): Promise<string[]> {
  const top = (await readdir(join(chartsDir, chart))).filter((f) => /^values(-[\w-]+)?\.yaml$/.test(f)).sort();
  const ciDir = join(chartsDir, chart, 'ci');
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
