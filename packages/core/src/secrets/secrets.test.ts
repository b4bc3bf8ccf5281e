import { afterEach, describe, expect, it } from 'vitest';
import { detectLiteralSecrets } from './detect.js';
import { clearSecrets, redact } from './redact.js';
import { isSecretRef, parseSecretRef, secretEnvVar } from './ref.js';
import { resolveSecret } from './resolve.js';

afterEach(() => clearSecrets());

describe('secret references', () => {
  it.each([
    ['env:PG_PASSWORD', { kind: 'env', name: 'PG_PASSWORD' }],
    ['file:/run/secrets/pg', { kind: 'file', path: '/run/secrets/pg' }],
    ['file:secrets/pg.txt', { kind: 'file', path: 'secrets/pg.txt' }],
    ['secret:floe-polaris/client-secret', { kind: 'secret', secret: 'floe-polaris', key: 'client-secret' }],
  ])('parses %s', (ref, expected) => {
    expect(parseSecretRef(ref)).toMatchObject({ ...expected, ref });
  });

  it.each(['hunter2', 'env:', 'env:1ABC', 'secret:Upper/key', 'secret:name', 'file:', 'vault:x/y', ''])(
    'rejects %j without echoing it',
    (value) => {
      expect(isSecretRef(value)).toBe(false);
      try {
        parseSecretRef(value);
        expect.unreachable();
      } catch (error) {
        const message = (error as Error).message;
        if (value.length > 3 && !value.includes(':')) expect(message).not.toContain(value);
        expect((error as { exitCode: number }).exitCode).toBe(2);
      }
    },
  );

  it('maps references to stable environment variable names', () => {
    expect(secretEnvVar('env:X_Y')).toBe('X_Y');
    expect(secretEnvVar('secret:floe-polaris/client-secret')).toBe('FLOE_SECRET_FLOE_POLARIS_CLIENT_SECRET');
    expect(secretEnvVar('file:/run/secrets/pg')).toBe('FLOE_SECRET_FILE_RUN_SECRETS_PG');
  });
});

describe('resolveSecret', () => {
  it('reads env refs and registers the value for redaction', () => {
    expect(resolveSecret('env:TOKEN_A', { env: { TOKEN_A: 's3cr3t-value' } })).toBe('s3cr3t-value');
    expect(redact('Authorization: Bearer s3cr3t-value')).toBe('Authorization: Bearer ***');
  });

  it('reads file refs relative to the base dir and strips one trailing newline', () => {
    const files: Record<string, string> = { '/proj/secrets/pg': 'pw-from-file\n' };
    expect(resolveSecret('file:secrets/pg', { baseDir: '/proj', readFile: (p) => files[p] })).toBe('pw-from-file');
  });

  it('resolves secret: refs from FLOE_SECRET_* first, then the mounted file', () => {
    const env = { FLOE_SECRET_FLOE_PG_PASSWORD: 'from-env', FLOE_SECRETS_DIR: '/mnt/s' };
    const readFile = (p: string) => (p === '/mnt/s/floe-pg/password' ? 'from-file\n' : undefined);
    expect(resolveSecret('secret:floe-pg/password', { env, readFile })).toBe('from-env');
    expect(resolveSecret('secret:floe-pg/password', { env: { FLOE_SECRETS_DIR: '/mnt/s' }, readFile })).toBe(
      'from-file',
    );
  });

  it('fails with a config error that names the variable, not a value', () => {
    expect(() => resolveSecret('env:NOT_SET_ANYWHERE', { env: {} })).toThrow(/NOT_SET_ANYWHERE is not set/);
    expect(() => resolveSecret('secret:a/b', { env: {}, readFile: () => undefined })).toThrow(
      /FLOE_SECRET_A_B.*\/var\/run\/secrets\/floe\/a\/b/,
    );
  });
});

describe('redact', () => {
  it('replaces URL-encoded forms and prefers the longest match', () => {
    resolveSecret('env:A', { env: { A: 'p@ss/word' } });
    resolveSecret('env:B', { env: { B: 'p@ss/word-long' } });
    expect(redact('postgresql://u:p%40ss%2Fword@h/db and p@ss/word-long')).toBe('postgresql://u:***@h/db and ***');
  });
});

describe('detectLiteralSecrets', () => {
  it('flags literal values under secret-like keys and known formats, never refs', () => {
    const findings = detectLiteralSecrets({
      catalogs: { pg: { password: 'hunter2', token_endpoint: 'http://x/token', client_id: 'floe' } },
      storage: { s3: { credentials: { access_key_id: 'env:AK', secret_access_key: 'secret:s/k' } } },
      vars: {
        note: 'AKIAIOSFODNN7EXAMPLE',
        url: 'postgresql://u:pw@host/db',
        list: ['-----BEGIN RSA PRIVATE KEY-----'],
      },
      api_token: 12345,
    });
    expect(findings.map((f) => f.path.join('.'))).toEqual([
      'catalogs.pg.password',
      'vars.note',
      'vars.url',
      'vars.list.0',
      'api_token',
    ]);
    for (const f of findings) expect(f.reason).not.toMatch(/hunter2|AKIA|pw@/);
  });
});
