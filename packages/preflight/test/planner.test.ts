import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPlatformFile } from '../src/load-platform.js';
import { planChecks } from '../src/planner.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('planner on the demo platform files', () => {
  it('k8s.yaml: one check per profile, services only when selected, every secret reference collected', async () => {
    const { platform, projectDir } = await loadPlatformFile(join(ROOT, 'demo/platform/k8s.yaml'));
    expect(projectDir).toBe(join(ROOT, 'demo'));
    const all = planChecks(platform);
    expect(all.map((c) => `${c.service} ${c.name}`)).toEqual([
      'compute/default compute.duckdb',
      'storage/default storage.s3',
      'catalog/default catalog.rest',
      'postgres/dagster postgres.metadata',
      'services/cube services.cube',
      'services/dagster services.dagster',
      'services/otlp services.otlp',
      'services/openlineage services.openlineage',
    ]);
    expect(new Set(all.flatMap((c) => c.secretRefs))).toEqual(
      new Set([
        'secret:floe-objectstore/access-key-id',
        'secret:floe-objectstore/secret-access-key',
        'secret:floe-polaris/client-id',
        'secret:floe-polaris/client-secret',
        'secret:floe-postgresql/password',
      ]),
    );
    expect(planChecks(platform, { groups: ['storage'] }).map((c) => c.name)).toEqual(['storage.s3']);
  });

  it('rejects an invalid platform file with a configuration error naming the field', async () => {
    await expect(loadPlatformFile(join(ROOT, 'demo/floe.yaml'))).rejects.toMatchObject({ exitCode: 2 });
  });
});
