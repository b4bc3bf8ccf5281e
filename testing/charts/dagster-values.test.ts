import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chartsDir, helm, parseManifests, prepareCharts } from './helm.js';

// The `dagster:` block of charts/floe-dagster is consumed by the official Dagster chart, which is not rendered
// offline. These checks keep it consistent with floe's own templates: what the env ConfigMap points at is mounted,
// every credential Secret is mounted where floe resolves secret references, runs get the same, and the run-worker
// PodDisruptionBudget selects the labels runs carry.
interface Deployment {
  envConfigMaps: { name: string }[];
  volumes: { name: string; configMap?: { name: string }; secret?: { secretName: string } }[];
  volumeMounts: { name: string; mountPath: string }[];
}
interface Values {
  compiledArtifacts: { configMapName: string };
  platform: { configMapName: string };
  envConfigMapName: string;
  credentials: { names: Record<string, string> };
  runWorkers: { selectorLabels: Record<string, string> };
  dagster: {
    global: { postgresqlSecretName: string };
    'dagster-user-deployments': { deployments: Deployment[] };
    runLauncher: {
      config: {
        k8sRunLauncher: {
          envConfigMaps: { name: string }[];
          runK8sConfig: { podTemplateSpecMetadata: { labels: Record<string, string> } };
        };
      };
    };
  };
}

let work = '';
beforeAll(async () => {
  work = await prepareCharts();
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe.each(['values.yaml', 'values-local.yaml', 'values-prod.yaml', 'values-trino.yaml'])(
  'floe-dagster %s: dagster values match floe templates',
  (file) => {
    it('mounts what the env ConfigMap points at, every credential Secret, and labels runs for the PDB', async () => {
      const dir = join(work, 'floe-dagster');
      const base = parse(await readFile(join(chartsDir, 'floe-dagster/values.yaml'), 'utf8')) as Values;
      const { stdout } = await helm([
        'template',
        'floe-dagster',
        dir,
        '-f',
        join(dir, file),
        '--set-string',
        'compiledArtifacts.content=placeholder',
        '--set-string',
        'platform.content=kind: Platform',
      ]);
      const env = parseManifests(stdout).find(
        (o) => o.kind === 'ConfigMap' && o.metadata.name === base.envConfigMapName,
      );
      const data = (env?.data ?? {}) as Record<string, string>;
      const code = base.dagster['dagster-user-deployments'].deployments[0]!;
      const mountOf = (volume: (v: Deployment['volumes'][number]) => boolean) => {
        const v = code.volumes.find(volume);
        return code.volumeMounts.find((m) => m.name === v?.name)?.mountPath;
      };
      const artifactsDir = mountOf((v) => v.configMap?.name === base.compiledArtifacts.configMapName);
      const platformDir = mountOf((v) => v.configMap?.name === base.platform.configMapName);
      expect(data.FLOE_ARTIFACTS).toBe(`${artifactsDir}/compiled_artifacts.json`);
      expect(data.FLOE_PLATFORM).toBe(`${platformDir}/platform.yaml`);
      for (const secret of Object.values(base.credentials.names)) {
        expect(mountOf((v) => v.secret?.secretName === secret)).toBe(`${data.FLOE_SECRETS_DIR}/${secret}`);
      }
      expect(base.dagster.global.postgresqlSecretName).toBe(base.credentials.names.postgresql);
      expect(code.envConfigMaps.map((c) => c.name)).toContain(base.envConfigMapName);
      const launcher = base.dagster.runLauncher.config.k8sRunLauncher;
      expect(launcher.envConfigMaps.map((c) => c.name)).toContain(base.envConfigMapName);
      expect(launcher.runK8sConfig.podTemplateSpecMetadata.labels).toMatchObject(base.runWorkers.selectorLabels);
    });
  },
);
