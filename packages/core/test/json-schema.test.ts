import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  jsonSchema,
  loadProject,
  renderJsonSchema,
  SCHEMA_DOCUMENTS,
  SCHEMA_FILES,
  serializeArtifacts,
} from '../src/index.js';

const root = resolve(import.meta.dirname, '../../..');

describe('generated JSON Schemas', () => {
  it.each(SCHEMA_DOCUMENTS)('schemas/%s is up to date (make schemas regenerates)', async (doc) => {
    const file = resolve(root, 'schemas', SCHEMA_FILES[doc]);
    const generated = renderJsonSchema(doc);
    if (process.env.FLOE_UPDATE_SCHEMAS === '1') await writeFile(file, generated);
    const checkedIn = await readFile(file, 'utf8').catch(() => '');
    expect(checkedIn, `schemas/${SCHEMA_FILES[doc]} differs from the zod schemas`).toBe(generated);
  });

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validateFloe = ajv.compile(jsonSchema('floe'));
  const validatePlatform = ajv.compile(jsonSchema('platform'));
  const validateArtifacts = ajv.compile(jsonSchema('compiled-artifacts'));

  it.each(['platform/local.yaml', 'platform/k8s.yaml'])(
    'the demo files and their compiled artifacts (%s) validate',
    async (platformFile) => {
      const floe = parse(await readFile(resolve(root, 'demo/floe.yaml'), 'utf8'));
      const platform = parse(await readFile(resolve(root, 'demo', platformFile), 'utf8'));
      expect(validateFloe(floe), JSON.stringify(validateFloe.errors)).toBe(true);
      expect(validatePlatform(platform), JSON.stringify(validatePlatform.errors)).toBe(true);
      const { artifacts } = await loadProject({ projectDir: resolve(root, 'demo'), platformFile, noCache: true });
      expect(
        validateArtifacts(JSON.parse(serializeArtifacts(artifacts))),
        JSON.stringify(validateArtifacts.errors),
      ).toBe(true);
    },
  );

  it('rejects an unknown field and a literal password the way the zod schema does', () => {
    const base = {
      apiVersion: 'floe.dev/v1',
      kind: 'Platform',
      metadata: { name: 'x', environment: 'dev' },
      storage: { default: { type: 'local', path: 'w' } },
      catalogs: { default: { type: 'sql', uri: 'sqlite:w/c.db', warehouse: 'default' } },
      compute: { default: { type: 'duckdb' } },
    };
    expect(validatePlatform(base)).toBe(true);
    expect(validatePlatform({ ...base, extra: 1 })).toBe(false);
    expect(
      validatePlatform({
        ...base,
        catalogs: {
          default: { type: 'sql', uri: 'postgresql://u@h/db', password: 'hunter2', warehouse: 'default' },
        },
      }),
    ).toBe(false);
  });
});
