import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiledArtifactsSchema, loadProject } from '../src/index.js';

const examples = resolve(import.meta.dirname, '../../../examples/projects');
const cases = readdirSync(examples, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .flatMap((project) =>
    readdirSync(join(examples, project.name, 'platform')).map((file) => [project.name, `platform/${file}`] as const),
  );

describe('example projects', () => {
  it('exist', () => expect(cases.length).toBeGreaterThanOrEqual(6));

  it.each(cases)('%s validates and compiles with %s', async (project, platformFile) => {
    const { artifacts } = await loadProject({ projectDir: join(examples, project), platformFile, noCache: true });
    expect(compiledArtifactsSchema.parse(artifacts)).toEqual(artifacts);
    expect(JSON.stringify(artifacts)).not.toMatch(
      /"(password|client_secret|private_key)":"(?!env:|file:|secret:|{{ env_var\()[^"]+"/,
    );
  });

  it('maps each engine to its publish mode and keeps dbt secrets as env_var lookups', async () => {
    const load = (platformFile: string) =>
      loadProject({ projectDir: join(examples, 'warehouse-engines'), platformFile, noCache: true });
    const trino = (await load('platform/trino-gcs.yaml')).artifacts;
    expect(trino.publish.map((p) => [p.identifier, p.mode, p.location])).toEqual([
      ['refined.stg_subscriptions', 'dbt-native', 'gs://acme-lakehouse/floe/refined/stg_subscriptions'],
      ['marts.mrr_monthly', 'dbt-native', 'gs://acme-lakehouse/floe/marts/mrr_monthly'],
    ]);
    expect(trino.layers.bronze).toMatchObject({ namespace: 'landing', location: 'gs://acme-raw/landing' });
    expect(trino.sources[0]?.namespace).toBe('landing');
    const postgres = (await load('platform/postgres.yaml')).artifacts;
    expect(postgres.catalog).toMatchObject({ driver: 'postgresql', host: 'db.internal', port: 5432, user: 'floe' });
    expect(postgres.publish.every((p) => p.mode === 'floe-publish')).toBe(true);
    expect(postgres.transforms.dbt?.env).toEqual({
      FLOE_SECRET_FILE_RUN_SECRETS_DBT_PASSWORD: 'file:/run/secrets/dbt-password',
    });
    const aws = (await load('platform/aws.yaml')).artifacts;
    expect(aws.storage).toMatchObject({ root: 's3://acme-floe/prod', credentials: null });
  });
});
