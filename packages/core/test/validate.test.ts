import { describe, expect, it } from 'vitest';
import { type CheckResult, check, minimalPipeline, minimalPlatform } from '../src/testing/fixtures.js';

type Obj = Record<string, unknown>;
const with_ = (base: Obj, patch: (o: Obj) => void): Obj => {
  const copy = structuredClone(base);
  patch(copy);
  return copy;
};
const set =
  (key: string, value: unknown) =>
  (o: Obj): void => {
    o[key] = value;
  };
const diagnostics = (result: CheckResult) => (result.ok ? [] : result.diagnostics);

describe('platform.yaml acceptance', () => {
  it.each<[string, (p: Obj) => void]>([
    ['the minimal platform', () => {}],
    [
      'an S3-compatible store with credential refs',
      (p) => {
        p.storage = {
          default: {
            type: 's3',
            bucket: 'warehouse',
            endpoint: 'http://127.0.0.1:9000',
            path_style: true,
            credentials: { access_key_id: 'env:AWS_ACCESS_KEY_ID', secret_access_key: 'file:/run/s3-secret' },
          },
        };
      },
    ],
    ['GCS', set('storage', { default: { type: 'gcs', bucket: 'b-1', prefix: '/x/' } })],
    ['ADLS', set('storage', { default: { type: 'adls', account: 'acct1', container: 'lake' } })],
    [
      'a PostgreSQL SQL catalog with a password ref',
      (p) => {
        p.catalogs = {
          default: {
            type: 'sql',
            uri: 'postgresql://floe@127.0.0.1:5432/catalog',
            password: 'env:PGPASSWORD',
            warehouse: 'default',
          },
        };
      },
    ],
    [
      'a REST catalog with OAuth2',
      (p) => {
        p.catalogs = {
          default: {
            type: 'rest',
            uri: 'http://polaris:8181/api/catalog',
            warehouse: 'demo',
            storage: 'default',
            oauth2: { token_endpoint: 'http://polaris:8181/t', client_id: 'c', client_secret: 'secret:p/cs' },
          },
        };
      },
    ],
    ...(
      [
        { type: 'trino', host: 'trino', user: 'u', catalog: 'iceberg' },
        { type: 'snowflake', account: 'a', user: 'u', password: 'env:SF', warehouse: 'w', database: 'd' },
        { type: 'bigquery', project: 'p', dataset: 'd', keyfile: 'file:/k.json' },
        { type: 'postgres', host: 'pg', user: 'u', password: 'env:PG', database: 'd' },
      ] as Obj[]
    ).map((compute): [string, (p: Obj) => void] => [`compute ${compute.type}`, set('compute', { default: compute })]),
    [
      'PostgreSQL Dagster metadata',
      set('orchestration', {
        dagster: {
          metadata: { type: 'postgres', host: 'pg', database: 'dagster', user: 'd', password: 'secret:pg/pw' },
        },
      }),
    ],
  ])('accepts %s', (_name, patch) => {
    const result = check(minimalPipeline(), with_(minimalPlatform(), patch));
    expect(diagnostics(result)).toEqual([]);
  });
});

describe('platform.yaml rejection', () => {
  it.each<[string, (p: Obj) => void, string, RegExp]>([
    ['an unknown top-level field', set('extra', 1), 'extra', /unknown field "extra"/],
    ['a wrong kind', set('kind', 'Pipeline'), 'kind', /invalid value "Pipeline"/],
    [
      'a missing metadata',
      (p) => {
        delete p.metadata;
      },
      'metadata',
      /missing required field/,
    ],
    [
      'an unknown storage type',
      set('storage', { default: { type: 'ftp' } }),
      'storage.default.type',
      /unknown or missing "type"/,
    ],
    [
      'a number as path',
      set('storage', { default: { type: 'local', path: 7 } }),
      'storage.default.path',
      /expected string, got number/,
    ],
    [
      'an upper-case profile name',
      set('storage', { Default: { type: 'local', path: 'w' } }),
      'storage.Default',
      /lower-case/,
    ],
    [
      'a literal password',
      set('catalogs', {
        default: { type: 'sql', uri: 'postgresql://u@h/d', password: 'hunter2', warehouse: 'default' },
      }),
      'catalogs.default.password',
      /literal credential/,
    ],
    [
      'a password inside the catalog URI',
      set('catalogs', { default: { type: 'sql', uri: 'postgresql://u:hunter2@h/d', warehouse: 'default' } }),
      'catalogs.default.uri',
      /literal credential: value looks like a password inside a URL/,
    ],
    [
      'an AWS key id as a literal',
      set('storage', {
        default: {
          type: 's3',
          bucket: 'bb1',
          credentials: { access_key_id: 'AKIAIOSFODNN7EXAMPLE', secret_access_key: 'env:S' },
        },
      }),
      'storage.default.credentials.access_key_id',
      /AWS access key id/,
    ],
    [
      'an unknown catalog storage profile',
      set('catalogs', { default: { type: 'sql', uri: 'sqlite:c.db', warehouse: 'nope' } }),
      'catalogs.default.warehouse',
      /storage profile "nope" is not defined/,
    ],
    [
      'an unknown layer catalog',
      set('layers', { gold: { catalog: 'other' } }),
      'layers.gold.catalog',
      /catalog profile "other" is not defined/,
    ],
    [
      'a bad port',
      set('compute', { default: { type: 'postgres', host: 'h', port: 70000, user: 'u', database: 'd' } }),
      'compute.default.port',
      /70000|65535/,
    ],
    [
      'an endpoint with credentials',
      set('services', { cube: { url: 'http://u:p@cube:4000' } }),
      'services.cube.url',
      /literal credential|URL/,
    ],
  ])('rejects %s', (_name, patch, path, message) => {
    const result = check(minimalPipeline(), with_(minimalPlatform(), patch));
    const found = diagnostics(result);
    expect(found.length).toBeGreaterThan(0);
    expect(
      found.find((d) => d.path === path),
      JSON.stringify(found),
    ).toBeDefined();
    expect(found.find((d) => d.path === path)?.message).toMatch(message);
    for (const d of found) expect(d.file).toBe('platform.yaml');
  });
});

describe('floe.yaml acceptance', () => {
  it('accepts a column named like a credential in governance classifications', () => {
    const pipeline = with_(
      minimalPipeline(),
      set('governance', { classifications: { users: { password: 'restricted', api_token: 'restricted' } } }),
    );
    expect(diagnostics(check(pipeline, minimalPlatform()))).toEqual([]);
  });

  it('still rejects a known credential format there', () => {
    const pipeline = with_(
      minimalPipeline(),
      set('governance', { classifications: { users: { email: 'AKIAIOSFODNN7EXAMPLE' } } }),
    );
    expect(diagnostics(check(pipeline, minimalPlatform()))[0]).toMatchObject({
      path: 'governance.classifications.users.email',
      message: expect.stringMatching(/AWS access key id/),
    });
  });
});

describe('floe.yaml rejection', () => {
  it.each<[string, (p: Obj) => void, string, RegExp]>([
    ['an unknown field', set('sourcez', []), 'sourcez', /unknown field/],
    ['a bad version', set('version', 'one'), 'version', /semantic version/],
    [
      'rows as a string',
      set('sources', [{ name: 's', dataset: 'ecommerce', rows: 'lots' }]),
      'sources.0.rows',
      /expected number, got string/,
    ],
    [
      'an unknown dataset',
      set('sources', [{ name: 's', dataset: 'retail' }]),
      'sources.0.dataset',
      /invalid value "retail"/,
    ],
    [
      'a defect rate above 1',
      set('sources', [{ name: 's', dataset: 'saas', defects: { nulls: 2 } }]),
      'sources.0.defects.nulls',
      /1/,
    ],
    [
      'duplicate source names',
      set('sources', [
        { name: 's', dataset: 'saas' },
        { name: 's', dataset: 'ecommerce' },
      ]),
      'sources.1',
      /duplicate source name "s"/,
    ],
    [
      'a bad cron',
      set('orchestration', { schedules: [{ name: 'x', cron: '61 * * * *' }] }),
      'orchestration.schedules.0.cron',
      /minute/,
    ],
    [
      'publishing to bronze',
      set('publish', [{ model: 'm', layer: 'bronze' }]),
      'publish.0.layer',
      /invalid value "bronze"/,
    ],
    [
      'a bad timezone',
      set('sources', [{ name: 's', dataset: 'saas', timezone: 'Mars/Base' }]),
      'sources.0.timezone',
      /IANA/,
    ],
    [
      'a literal token in dbt vars',
      set('transforms', { dbt: { vars: { api_token: 'abc123' } } }),
      'transforms.dbt.vars.api_token',
      /literal credential/,
    ],
    [
      'an unknown compute profile',
      set('profiles', { compute: 'spark' }),
      'profiles.compute',
      /compute profile "spark" is not defined/,
    ],
    [
      'an unknown classification',
      set('governance', { classifications: { m: { c: 'secretive' } } }),
      'governance.classifications.m.c',
      /invalid value/,
    ],
  ])('rejects %s', (_name, patch, path, message) => {
    const result = check(with_(minimalPipeline(), patch), minimalPlatform());
    const found = diagnostics(result);
    expect(
      found.find((d) => d.path === path),
      JSON.stringify(found),
    ).toBeDefined();
    expect(found.find((d) => d.path === path)?.message).toMatch(message);
  });
});

describe('unknown field hints', () => {
  it('suggests the closest known field, following the profile type', () => {
    const platform = with_(minimalPlatform(), (p) => {
      p.storage = { default: { type: 's3', bucket: 'bbb', pathstyle: true } };
    });
    const pipeline = with_(minimalPipeline(), (p) => {
      p.sources = [{ name: 's', dataset: 'saas', row: 5 }];
    });
    const found = diagnostics(check(pipeline, platform));
    expect(found.map((d) => [d.path, d.hint])).toEqual([
      ['sources.0.row', 'did you mean "rows"?'],
      ['storage.default.pathstyle', 'did you mean "path_style"?'],
    ]);
  });

  it('lists the allowed fields when nothing is close', () => {
    const found = diagnostics(check(with_(minimalPipeline(), set('zzzzzz', 1)), minimalPlatform()));
    expect(found[0]?.hint).toMatch(/^allowed here: apiVersion, kind, name, version, /);
  });
});

describe('diagnostic positions', () => {
  const floe = [
    'apiVersion: floe.dev/v1', // 1
    'kind: Pipeline', // 2
    'name: p', // 3
    'version: 1.0.0', // 4
    'sources:', // 5
    '  - name: orders', // 6
    '    dataset: ecommerce', // 7
    '    rows: many', // 8
    '    colour: red', // 9
    '',
  ].join('\n');

  it('points at the value of a wrong type and at the key of an unknown field', () => {
    const found = diagnostics(check(floe, minimalPlatform()));
    expect(found).toEqual([
      expect.objectContaining({ file: 'floe.yaml', line: 8, col: 11, path: 'sources.0.rows' }),
      expect.objectContaining({ file: 'floe.yaml', line: 9, col: 5, path: 'sources.0.colour' }),
    ]);
  });

  it('points at YAML syntax errors', () => {
    const found = diagnostics(check('name: p\nversion: [1\nkind: x\n', minimalPlatform()));
    expect(found[0]).toMatchObject({ file: 'floe.yaml', path: '' });
    expect(found[0]?.message).toMatch(/YAML syntax error/);
    expect(found[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('reports an alias without its anchor as a YAML error at the alias', () => {
    const found = diagnostics(check('name: p\nversion: *missing\n', minimalPlatform()));
    expect(found).toEqual([expect.objectContaining({ line: 2, col: 10, message: expect.stringMatching(/YAML/) })]);
  });

  it('reports duplicate keys', () => {
    const found = diagnostics(check('name: p\nname: q\n', minimalPlatform()));
    expect(found[0]).toMatchObject({ line: 2, col: 1 });
  });

  it('points at a missing field through its parent mapping', () => {
    const found = diagnostics(check('apiVersion: floe.dev/v1\nkind: Pipeline\nversion: 1.0.0\n', minimalPlatform()));
    expect(found).toEqual([
      expect.objectContaining({ path: 'name', line: 1, col: 1, message: expect.stringMatching(/missing/) }),
    ]);
  });
});

describe('compiler', () => {
  it('is deterministic: identical inputs give identical JSON', () => {
    const a = check(minimalPipeline(), minimalPlatform());
    const b = check(minimalPipeline(), minimalPlatform());
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(JSON.stringify(a.artifacts)).toBe(JSON.stringify(b.artifacts));
  });

  it('applies defaults: layers, namespaces, the 5-minute schedule and retries', () => {
    const result = check(minimalPipeline(), minimalPlatform());
    if (!result.ok) throw new Error('expected ok');
    const { artifacts } = result;
    expect(artifacts.layers.silver).toMatchObject({ namespace: 'silver', location: 'warehouse/silver' });
    expect(artifacts.orchestration.schedules).toEqual([
      { name: 'pipeline_every_5_minutes', cron: '*/5 * * * *', job: 'pipeline', timezone: 'UTC', enabled: true },
    ]);
    expect(artifacts.orchestration.retries).toEqual({ max: 3, backoff: 'exponential', delay_seconds: 10 });
    expect(artifacts.transforms.dbt).toBeNull();
  });

  it('chooses dbt-native publishing for engines that write Iceberg and keeps secrets as env_var lookups', () => {
    const platform = with_(minimalPlatform(), (p) => {
      p.compute = {
        default: {
          type: 'trino',
          host: 'trino',
          user: 'u',
          password: 'secret:trino/pw',
          catalog: 'ice',
          http_scheme: 'https',
        },
      };
    });
    const pipeline = with_(minimalPipeline(), (p) => {
      p.transforms = { dbt: {} };
      p.publish = [{ model: 'fct', layer: 'gold', table: 'fact' }];
    });
    const result = check(pipeline, platform);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.artifacts.publish).toEqual([
      expect.objectContaining({ identifier: 'gold.fact', mode: 'dbt-native', location: 'warehouse/gold/fact' }),
    ]);
    expect(result.artifacts.transforms.dbt?.env).toEqual({ FLOE_SECRET_TRINO_PW: 'secret:trino/pw' });
    expect(JSON.stringify(result.artifacts.transforms.dbt?.profile)).toContain("env_var('FLOE_SECRET_TRINO_PW')");
  });

  it('collects a reference used by two fields once, and only from reference-typed fields', () => {
    const platform = with_(minimalPlatform(), (p) => {
      p.metadata = { name: 'x', environment: 'dev', description: 'env:NOT_A_REF_FIELD' };
      p.catalogs = {
        default: { type: 'sql', uri: 'postgresql://u@h/db', password: 'env:PG_PW', warehouse: 'default' },
      };
      p.compute = { default: { type: 'postgres', host: 'h', user: 'u', password: 'env:PG_PW', database: 'd' } };
    });
    const result = check(minimalPipeline(), platform);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.artifacts.secrets).toEqual([
      {
        ref: 'env:PG_PW',
        kind: 'env',
        env_var: 'PG_PW',
        secret: null,
        key: null,
        path: null,
        fields: ['catalogs.default.password', 'compute.default.password'],
      },
    ]);
  });

  it('lets a layer use its own catalog and storage', () => {
    const platform = with_(minimalPlatform(), (p) => {
      (p.storage as Obj).lake = { type: 's3', bucket: 'lake-bucket', prefix: 'gold' };
      (p.catalogs as Obj).lake = { type: 'sql', uri: 'sqlite:lake.db', warehouse: 'lake' };
      p.layers = { gold: { catalog: 'lake', namespace: 'marts' } };
    });
    const result = check(minimalPipeline(), platform);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.artifacts.layers.gold).toMatchObject({
      namespace: 'marts',
      location: 's3://lake-bucket/gold/marts',
      catalog: { profile: 'lake', warehouse: 's3://lake-bucket/gold' },
    });
    expect(result.artifacts.layers.bronze.catalog.profile).toBe('default');
  });
});
