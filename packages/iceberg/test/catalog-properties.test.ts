import { join } from 'node:path';
import { loadProject } from '@floe/core';
import { describe, expect, it } from 'vitest';
import { catalogPropertiesFromArtifacts } from '../src/catalog/project.js';

const repoRoot = join(import.meta.dirname, '../../..');

describe('catalogPropertiesFromArtifacts: a REST catalog with OAuth2', () => {
  // demo/platform/k8s.yaml: Polaris generates floe's client id, so the platform file references it like the secret.
  it('resolves a client id given as a secret reference, and passes a literal one through', async () => {
    const loaded = await loadProject({
      projectDir: join(repoRoot, 'demo'),
      platformFile: join(repoRoot, 'demo/platform/k8s.yaml'),
      noCache: true,
    });
    const values: Record<string, string> = {
      'secret:floe-polaris/client-id': 'generated-client-id',
      'secret:floe-polaris/client-secret': 'generated-client-secret',
    };
    const resolve = (ref: string) => {
      const value = values[ref];
      if (value === undefined) return `resolved(${ref})`;
      return value;
    };
    const fromRef = catalogPropertiesFromArtifacts(loaded.artifacts, { projectDir: loaded.projectDir, resolve });
    expect(fromRef.credential).toBe('generated-client-id:generated-client-secret');

    const catalog = loaded.artifacts.catalog;
    if (catalog.type !== 'rest' || !catalog.oauth2)
      throw new Error('demo/platform/k8s.yaml: expected a REST catalog with OAuth2');
    const literal = catalogPropertiesFromArtifacts(
      { ...loaded.artifacts, catalog: { ...catalog, oauth2: { ...catalog.oauth2, client_id: 'floe' } } },
      { projectDir: loaded.projectDir, resolve },
    );
    expect(literal.credential).toBe('floe:generated-client-secret');
  });
});
