import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CompiledCompute, LoadedProject } from '@floe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectTrinoConnection } from './project.js';

type TrinoCompute = Extract<CompiledCompute, { type: 'trino' }>;

const compute = (overrides: Partial<TrinoCompute> = {}): TrinoCompute => ({
  profile: 'default',
  type: 'trino',
  host: 'trino.example',
  port: 8443,
  user: 'floe',
  password: null,
  jwt_token: null,
  catalog: 'lake',
  schema: 'analytics',
  http_scheme: 'http',
  ca_certificate: null,
  ...overrides,
});

describe('projectTrinoConnection', () => {
  let dir: string;
  let loaded: LoadedProject;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'floe-cube-trino-conn-'));
    await writeFile(path.join(dir, 'ca.pem'), 'PEM OF THE CA');
    await writeFile(path.join(dir, 'jwt.txt'), 'a.jwt.token\n');
    loaded = {
      projectDir: dir,
      artifacts: { layers: { silver: { namespace: 'refined' }, gold: { namespace: 'marts' } } },
    } as unknown as LoadedProject;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the compute catalog, with the gold namespace as schema and the layers for floe_snapshot', () => {
    expect(projectTrinoConnection(loaded, compute())).toEqual({
      host: 'trino.example',
      port: 8443,
      catalog: 'lake',
      schema: 'marts',
      user: 'floe',
      layers: { gold: 'marts', silver: 'refined' },
    });
  });

  it('resolves the password or the JWT, and trusts the project CA over HTTPS', () => {
    process.env.FLOE_CUBE_UNIT_TRINO_PASSWORD = 'unit-test-password';
    try {
      const withPassword = projectTrinoConnection(
        loaded,
        compute({ password: 'env:FLOE_CUBE_UNIT_TRINO_PASSWORD', http_scheme: 'https', ca_certificate: 'ca.pem' }),
      );
      expect(withPassword).toMatchObject({ password: 'unit-test-password', tls: { ca: 'PEM OF THE CA' } });
      expect(withPassword).not.toHaveProperty('jwtToken');
    } finally {
      delete process.env.FLOE_CUBE_UNIT_TRINO_PASSWORD;
    }
    const withJwt = projectTrinoConnection(loaded, compute({ jwt_token: 'file:jwt.txt', http_scheme: 'https' }));
    expect(withJwt.jwtToken).toBe('a.jwt.token');
    expect(withJwt.tls).toBe(true);
    expect(withJwt).not.toHaveProperty('password');
  });

  it('names an unreadable CA file', () => {
    expect(() =>
      projectTrinoConnection(loaded, compute({ http_scheme: 'https', ca_certificate: 'missing.pem' })),
    ).toThrow(/missing\.pem/);
  });
});
