import type { PlatformConfig } from '@floe/core';
import { type CheckDefinition, type PlannedCheck, plan } from './contract.js';
import { checkRegistry } from './registry.js';
import type { ServiceGroup } from './report.js';

export const ALL_GROUPS: readonly ServiceGroup[] = ['compute', 'storage', 'catalog', 'postgres', 'services'];

export interface PlanOptions {
  /** Which groups to check (default all). */
  groups?: readonly ServiceGroup[];
  /** Replaces registry entries (tests, stub endpoints). */
  registry?: Partial<Record<string, CheckDefinition<never>>>;
}

/** Turns a platform into the list of checks to run: one per profile of each selected group. */
export function planChecks(platform: PlatformConfig, options: PlanOptions = {}): PlannedCheck[] {
  const groups = new Set(options.groups ?? ALL_GROUPS);
  const registry: Record<string, CheckDefinition<never> | undefined> = { ...checkRegistry, ...options.registry };
  const checks: PlannedCheck[] = [];
  const add = (id: string, name: string, profile: unknown, field?: string) => {
    const definition = registry[id] as CheckDefinition<unknown> | undefined;
    checks.push(definition ? plan(definition, name, profile, field) : unsupported(id, name));
  };
  if (groups.has('compute')) {
    for (const [name, p] of Object.entries(platform.compute)) add(`compute.${p.type}`, name, p);
  }
  if (groups.has('storage')) {
    for (const [name, p] of Object.entries(platform.storage)) add(`storage.${p.type}`, name, p);
  }
  if (groups.has('catalog')) {
    for (const [name, p] of Object.entries(platform.catalogs)) {
      add(`catalog.${p.type}`, name, { ...p, layers: layerNamespaces(platform, name) }, `catalogs.${name}`);
    }
  }
  if (groups.has('postgres')) {
    const metadata = platform.orchestration.dagster.metadata;
    if (metadata.type === 'postgres') add('postgres.metadata', 'dagster', metadata, 'orchestration.dagster.metadata');
  }
  if (groups.has('services')) {
    const { cube, dagster } = platform.services;
    if (cube) add('services.cube', 'cube', { url: cube.url }, 'services.cube');
    if (dagster) add('services.dagster', 'dagster', { url: dagster.url }, 'services.dagster');
    const { otlp, openlineage } = platform.observability;
    if (otlp)
      add(
        'services.otlp',
        'otlp',
        { url: otlp.endpoint, protocol: otlp.protocol, headers: otlp.headers },
        'observability.otlp',
      );
    if (openlineage) {
      add(
        'services.openlineage',
        'openlineage',
        { url: openlineage.url, bearer: openlineage.api_key },
        'observability.openlineage',
      );
    }
  }
  return checks;
}

/** Namespaces the layers put in a catalog (a layer without a catalog uses the first one). */
export function layerNamespaces(platform: PlatformConfig, catalog: string): string[] {
  const first = Object.keys(platform.catalogs)[0];
  const out: string[] = [];
  for (const [layer, config] of Object.entries(platform.layers)) {
    if ((config.catalog ?? first) === catalog) out.push(config.namespace ?? layer);
  }
  return [...new Set(out)];
}

function unsupported(id: string, name: string): PlannedCheck {
  const group = id.split('.')[0] as ServiceGroup;
  return {
    service: `${group}/${name}`,
    name: id,
    group,
    secretRefs: [],
    run: async () => ({
      status: 'skipped',
      message: `no preflight check for ${id} in this version of floe`,
      remediation: 'Verify this service by hand before deploying.',
      details: {},
    }),
  };
}
