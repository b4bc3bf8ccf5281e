import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEnvironment } from '../../../docker/polaris-init/src/config.js';
import { initPolaris } from '../../../docker/polaris-init/src/init.js';
import { PolarisClient } from '../../../docker/polaris-init/src/polaris.js';
import { KubernetesSecretStore, secretStoreFor } from '../../../docker/polaris-init/src/secret-store.js';
import { helm, parseManifests, prepareCharts } from '../helm.js';
import { KubeSecretsStub } from './kube-stub.js';
import { PolarisStub } from './polaris-stub.js';

// No real Polaris is obtainable offline here (no container engine; not on Maven Central as a runnable server), so
// these tests run floe's init job against PolarisStub, a stub of the management API contract. Titles say "stub".

// The charts with their dependencies (the library chart floe-common) wired offline, prepared once.
let prepared: Promise<string> | undefined;
afterAll(async () => {
  if (prepared) await rm(await prepared, { recursive: true, force: true });
});

/** The job's FLOE_POLARIS_INIT_CONFIG exactly as the chart renders it (values-local.yaml). */
async function renderedConfig(): Promise<string> {
  prepared ??= prepareCharts();
  const chart = join(await prepared, 'floe-infrastructure');
  const { stdout } = await helm([
    'template',
    'floe-infrastructure',
    chart,
    '-n',
    'floe',
    '-f',
    join(chart, 'values-local.yaml'),
  ]);
  // By component: the Job's name carries a digest of its spec (a new Job at every install, upgrade and rollback).
  const job = parseManifests(stdout).find(
    (o) => o.kind === 'Job' && o.metadata.labels?.['app.kubernetes.io/component'] === 'polaris-init',
  );
  if (!job) throw new Error('the chart renders no polaris-init Job');
  const spec = job.spec as { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } };
  const env = spec.template.spec.containers[0]?.env ?? [];
  const value = env.find((e) => e.name === 'FLOE_POLARIS_INIT_CONFIG')?.value;
  if (!value) throw new Error('the chart renders no FLOE_POLARIS_INIT_CONFIG');
  return value;
}

describe('floe-polaris-init against the Polaris management API stub (PolarisStub)', () => {
  let polaris: PolarisStub;
  let kube: KubeSecretsStub;
  let run: () => ReturnType<typeof initPolaris>;

  beforeEach(async () => {
    polaris = new PolarisStub();
    kube = new KubeSecretsStub();
    await Promise.all([polaris.start(), kube.start()]);
    const { config, connection } = readEnvironment({
      FLOE_POLARIS_INIT_CONFIG: await renderedConfig(),
      POLARIS_URL: polaris.url,
      POLARIS_REALM: 'POLARIS',
      POLARIS_ROOT_CLIENT_ID: polaris.root.clientId,
      POLARIS_ROOT_CLIENT_SECRET: polaris.root.clientSecret,
    });
    const store = new KubernetesSecretStore(config.secret.name, config.secret.namespace, kube.url, () => kube.token);
    run = () => initPolaris(new PolarisClient(connection), config, store);
  });
  afterEach(async () => {
    await Promise.all([polaris.stop(), kube.stop()]);
  });

  it('stub: creates the catalog, medallion namespaces, roles with exactly the configured grants, principal and Secret', async () => {
    const steps = await run();
    expect(steps.every((s) => s.action === 'created')).toBe(true);
    const catalog = polaris.catalogs.get('floe_demo');
    expect(catalog?.body).toMatchObject({
      properties: { 'default-base-location': 's3://floe-warehouse/demo' },
      storageConfigInfo: { storageType: 'S3', allowedLocations: ['s3://floe-warehouse/demo'], pathStyleAccess: true },
    });
    expect([...(catalog?.namespaces ?? [])].sort()).toEqual(['bronze', 'gold', 'silver']);
    const grants = catalog?.roles
      .get('floe_pipeline')
      ?.map((g) => g.privilege)
      .sort();
    expect(grants).toEqual(
      [
        'NAMESPACE_LIST',
        'NAMESPACE_READ_PROPERTIES',
        'TABLE_CREATE',
        'TABLE_LIST',
        'TABLE_READ_DATA',
        'TABLE_READ_PROPERTIES',
        'TABLE_WRITE_DATA',
        'TABLE_WRITE_PROPERTIES',
      ].sort(),
    );
    expect(polaris.principalRoles.get('floe_pipeline')?.get('floe_demo')).toEqual(new Set(['floe_pipeline']));
    expect(polaris.principals.get('floe')?.roles).toEqual(new Set(['floe_pipeline']));
    // The Secret holds credentials Polaris accepts.
    const data = kube.secrets.get('floe/floe-polaris') ?? {};
    const decode = (k: string) => Buffer.from(data[k] ?? '', 'base64').toString();
    expect(decode('client-id')).toBe(polaris.principals.get('floe')?.clientId);
    expect(decode('client-secret')).toBe(polaris.principals.get('floe')?.clientSecret);
  });

  it('stub: a second run changes nothing and keeps the credentials (idempotent post-upgrade hook)', async () => {
    await run();
    const before = JSON.stringify(kube.secrets.get('floe/floe-polaris'));
    const steps = await run();
    expect(steps.filter((s) => s.action !== 'unchanged')).toEqual([]);
    expect(JSON.stringify(kube.secrets.get('floe/floe-polaris'))).toBe(before);
  });

  it('stub: revokes a grant floe does not need and rotates credentials when the Secret is lost', async () => {
    await run();
    polaris.catalogs
      .get('floe_demo')
      ?.roles.get('floe_pipeline')
      ?.push({ type: 'catalog', privilege: 'CATALOG_MANAGE_ACCESS' });
    const oldSecret = polaris.principals.get('floe')?.clientSecret;
    kube.secrets.delete('floe/floe-polaris');
    const steps = await run();
    expect(steps).toContainEqual({ object: 'grant catalog CATALOG_MANAGE_ACCESS', action: 'revoked' });
    expect(steps).toContainEqual({ object: 'principal floe credentials', action: 'rotated' });
    expect(
      polaris.catalogs
        .get('floe_demo')
        ?.roles.get('floe_pipeline')
        ?.some((g) => g.privilege === 'CATALOG_MANAGE_ACCESS'),
    ).toBe(false);
    const secret = Buffer.from(kube.secrets.get('floe/floe-polaris')?.['client-secret'] ?? '', 'base64').toString();
    expect(secret).not.toBe(oldSecret);
    expect(secret).toBe(polaris.principals.get('floe')?.clientSecret);
  });

  it('stub: wrong root credentials fail with a message that holds no secret', async () => {
    const { config } = readEnvironment({
      FLOE_POLARIS_INIT_CONFIG: await renderedConfig(),
      POLARIS_URL: polaris.url,
      POLARIS_ROOT_CLIENT_ID: 'root',
      POLARIS_ROOT_CLIENT_SECRET: 'not-the-secret',
    });
    const client = new PolarisClient({
      url: polaris.url,
      realm: 'POLARIS',
      clientId: 'root',
      clientSecret: 'not-the-secret',
    });
    const store = new KubernetesSecretStore('floe-polaris', 'floe', kube.url, () => kube.token);
    const failure = initPolaris(client, config, store);
    await expect(failure).rejects.toThrow(/token request rejected \(HTTP 401\)/);
    await expect(failure).rejects.not.toThrow(/not-the-secret/);
  });

  it('stub: with FLOE_POLARIS_INIT_STORE=file:<dir> (Compose) writes the files floe reads secret references from', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'floe-polaris-init-'));
    try {
      const { config, connection } = readEnvironment({
        FLOE_POLARIS_INIT_CONFIG: await renderedConfig(),
        POLARIS_URL: polaris.url,
        POLARIS_ROOT_CLIENT_ID: polaris.root.clientId,
        POLARIS_ROOT_CLIENT_SECRET: polaris.root.clientSecret,
      });
      const store = secretStoreFor(`file:${join(dir, 'floe-polaris')}`, config.secret);
      await initPolaris(new PolarisClient(connection), config, store);
      expect(await readFile(join(dir, 'floe-polaris/client-secret'), 'utf8')).toBe(
        polaris.principals.get('floe')?.clientSecret,
      );
      const again = await initPolaris(new PolarisClient(connection), config, store);
      expect(again.filter((s) => s.action !== 'unchanged')).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects an invalid job configuration naming the field', () => {
    expect(() =>
      readEnvironment({
        FLOE_POLARIS_INIT_CONFIG: '{"catalog":"x"}',
        POLARIS_URL: 'http://x',
        POLARIS_ROOT_CLIENT_ID: 'a',
        POLARIS_ROOT_CLIENT_SECRET: 'b',
      }),
    ).toThrow(/FLOE_POLARIS_INIT_CONFIG is invalid: baseLocation/);
  });
});
