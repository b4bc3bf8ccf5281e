import type { InitConfig } from './config.js';
import { type ClientCredentials, enc, type Grant, management, type PolarisClient, PolarisError } from './polaris.js';
import type { SecretStore } from './secret-store.js';

export type Action = 'created' | 'unchanged' | 'updated' | 'revoked' | 'rotated';
export interface Step {
  object: string;
  action: Action;
}

/**
 * Brings Polaris to the state floe needs; safe to run any number of times (Helm runs it after every install and
 * upgrade). Never logs or returns a credential.
 */
export async function initPolaris(polaris: PolarisClient, config: InitConfig, store: SecretStore): Promise<Step[]> {
  const steps: Step[] = [];
  const record = (object: string, action: Action) => steps.push({ object, action });
  await polaris.login();

  // 1. The catalog, with its storage location.
  const catalogPath = `${management}/catalogs/${enc(config.catalog)}`;
  const storageConfigInfo = {
    storageType: 'S3',
    allowedLocations: [config.baseLocation],
    endpoint: config.s3.endpoint,
    region: config.s3.region,
    pathStyleAccess: config.s3.pathStyleAccess,
    stsUnavailable: config.s3.stsUnavailable,
  };
  const existing = await polaris.call('GET', catalogPath);
  if (existing.status === 404) {
    await polaris.call('POST', `${management}/catalogs`, {
      catalog: {
        type: 'INTERNAL',
        name: config.catalog,
        properties: { 'default-base-location': config.baseLocation },
        storageConfigInfo,
      },
    });
    record(`catalog ${config.catalog}`, 'created');
  } else {
    record(`catalog ${config.catalog}`, 'unchanged');
  }

  // 2. One namespace per medallion layer.
  for (const namespace of config.namespaces) {
    const created = await polaris.call('POST', `/api/catalog/v1/${enc(config.catalog)}/namespaces`, {
      namespace: [namespace],
      properties: {},
    });
    record(`namespace ${config.catalog}.${namespace}`, created.status === 409 ? 'unchanged' : 'created');
  }

  // 3. Roles: principal role -> catalog role, with exactly the configured catalog-level privileges.
  const principalRole = await polaris.call('POST', `${management}/principal-roles`, {
    principalRole: { name: config.principalRole },
  });
  record(`principal role ${config.principalRole}`, principalRole.status === 409 ? 'unchanged' : 'created');
  const catalogRolesPath = `${catalogPath}/catalog-roles`;
  const catalogRole = await polaris.call('POST', catalogRolesPath, { catalogRole: { name: config.catalogRole } });
  record(`catalog role ${config.catalogRole}`, catalogRole.status === 409 ? 'unchanged' : 'created');

  const grantsPath = `${catalogRolesPath}/${enc(config.catalogRole)}/grants`;
  const current = ((await polaris.call('GET', grantsPath)).json as { grants?: Grant[] } | undefined)?.grants ?? [];
  const held = new Set(current.filter((g) => g.type === 'catalog').map((g) => g.privilege));
  const wanted = new Set(config.privileges);
  for (const privilege of wanted) {
    if (held.has(privilege)) continue;
    await polaris.call('PUT', grantsPath, { grant: { type: 'catalog', privilege } });
    record(`grant ${privilege}`, 'created');
  }
  for (const grant of current) {
    if (grant.type === 'catalog' && wanted.has(grant.privilege)) continue;
    await polaris.call('POST', grantsPath, { grant });
    record(`grant ${grant.type} ${grant.privilege}`, 'revoked');
  }

  const assigned = (
    await polaris.call(
      'GET',
      `${management}/principal-roles/${enc(config.principalRole)}/catalog-roles/${enc(config.catalog)}`,
    )
  ).json as { roles?: { name: string }[] } | undefined;
  if (!(assigned?.roles ?? []).some((r) => r.name === config.catalogRole)) {
    await polaris.call(
      'PUT',
      `${management}/principal-roles/${enc(config.principalRole)}/catalog-roles/${enc(config.catalog)}`,
      {
        catalogRole: { name: config.catalogRole },
      },
    );
    record(`catalog role ${config.catalogRole} -> principal role ${config.principalRole}`, 'created');
  }

  // 4. floe's principal and its credentials in the Secret.
  const principalPath = `${management}/principals/${enc(config.principal)}`;
  const created = await polaris.call('POST', `${management}/principals`, {
    principal: { name: config.principal, properties: { 'managed-by': 'floe' } },
    credentialRotationRequired: false,
  });
  if (created.status !== 409) {
    await store.write(credentialsOf(created.json));
    record(`principal ${config.principal}`, 'created');
  } else if (await usable(polaris, await store.read())) {
    record(`principal ${config.principal}`, 'unchanged');
  } else {
    // The Secret is missing or holds credentials Polaris no longer accepts: issue new ones.
    const rotated = await polaris.call('POST', `${principalPath}/rotate`);
    await store.write(credentialsOf(rotated.json));
    record(`principal ${config.principal} credentials`, 'rotated');
  }

  const roles = (await polaris.call('GET', `${principalPath}/principal-roles`)).json as
    | { roles?: { name: string }[] }
    | undefined;
  if (!(roles?.roles ?? []).some((r) => r.name === config.principalRole)) {
    await polaris.call('PUT', `${principalPath}/principal-roles`, { principalRole: { name: config.principalRole } });
    record(`principal role ${config.principalRole} -> principal ${config.principal}`, 'created');
  }
  return steps;
}

function credentialsOf(json: unknown): ClientCredentials {
  const credentials = (json as { credentials?: Partial<ClientCredentials> } | undefined)?.credentials;
  if (!credentials?.clientId || !credentials.clientSecret) {
    throw new Error('Polaris returned no credentials for the principal');
  }
  return { clientId: credentials.clientId, clientSecret: credentials.clientSecret };
}

async function usable(polaris: PolarisClient, credentials: ClientCredentials | undefined): Promise<boolean> {
  if (!credentials) return false;
  try {
    await polaris.fetchToken(credentials);
    return true;
  } catch (error) {
    if (error instanceof PolarisError && (error.status === 401 || error.status === 400 || error.status === 403))
      return false;
    throw error;
  }
}
