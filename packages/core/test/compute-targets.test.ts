/**
 * Shape tests for the compute targets: what `floe compile` hands dbt for Trino, Snowflake and BigQuery, the compile
 * problems of dbt-native engines, and the Kubernetes configuration for Trino (demo/platform/k8s-trino.yaml,
 * charts/*\/values-trino.yaml) and for Cube on Snowflake and BigQuery (examples/compute/). Snowflake and BigQuery
 * cannot be reached here, so these tests check the fields each dbt adapter and Cube driver reads, not a connection;
 * Trino itself runs for real in the end-to-end tests. See docs/compute.md.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { helm, helmAvailable, type K8sObject, parseManifests, prepareCharts } from '../../../testing/charts/helm.js';
import {
  type CompiledArtifacts,
  detectLiteralSecrets,
  loadProject,
  renderProfilesYml,
  secretEnvVar,
  serializeArtifacts,
} from '../src/index.js';
import { check, minimalPipeline, minimalPlatform } from '../src/testing/fixtures.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const CANARY = 'canary-Zq8vX3-never-in-a-profile';
const ENV_LOOKUP = /^\{\{ env_var\('([A-Z][A-Z0-9_]*)'\)( \| as_native)? \}\}$/;

type Obj = Record<string, unknown>;

const pipeline = (): Obj => ({
  ...minimalPipeline(),
  transforms: { dbt: { project: 'dbt', threads: 6 } },
  publish: [
    { model: 'stg_orders', layer: 'silver' },
    { model: 'fct_orders', layer: 'gold' },
  ],
});

/** The minimal platform with an S3 bucket and a REST catalog (what a dbt-native engine shares) and `compute`. */
const platform = (compute: Obj, patch: (p: Obj) => void = () => {}): Obj => {
  const p: Obj = {
    ...minimalPlatform(),
    metadata: { name: 'cloud', environment: 'prod' },
    storage: { default: { type: 's3', bucket: 'lake', region: 'eu-central-1' } },
    catalogs: {
      default: { type: 'rest', uri: 'https://polaris.example/api/catalog', warehouse: 'lake', storage: 'default' },
    },
    compute: { default: compute },
  };
  patch(p);
  return p;
};

function compileOk(platformDoc: Obj): CompiledArtifacts {
  const result = check(pipeline(), platformDoc);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.path}: ${d.message}`).join('\n'));
  return result.artifacts;
}

/**
 * Compiles with every secret of the compute profile present in the process environment as a canary value (as it is
 * at run time), and returns the dbt output, the env map and the rendered profiles.yml.
 */
function compileDbt(compute: Obj) {
  const refs = Object.values(compute).filter(
    (v): v is string => typeof v === 'string' && /^(env|file|secret):/.test(v),
  );
  const saved = new Map(refs.map((r) => [secretEnvVar(r), process.env[secretEnvVar(r)]]));
  for (const name of saved.keys()) process.env[name] = CANARY;
  try {
    const artifacts = compileOk(platform(compute));
    const dbt = artifacts.transforms.dbt;
    if (!dbt) throw new Error('no dbt transform compiled');
    const outputs = (dbt.profile.floe as { target: string; outputs: Record<string, Obj> }).outputs;
    return {
      artifacts,
      refs,
      output: outputs[dbt.target] as Obj,
      env: dbt.env,
      yaml: renderProfilesYml(dbt.profile),
    };
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Secrets appear only as env_var() lookups, the env map names exactly those variables, each with its reference. */
function expectSecretsAsLookups(compiled: ReturnType<typeof compileDbt>, secretFields: string[]): void {
  const { output, env, refs, yaml, artifacts } = compiled;
  expect(yaml).not.toContain(CANARY);
  expect(serializeArtifacts(artifacts)).not.toContain(CANARY);
  const looked: string[] = [];
  for (const field of secretFields) {
    const match = ENV_LOOKUP.exec(String(output[field]));
    expect(match, `${field} is an env_var() lookup`).not.toBeNull();
    looked.push(match?.[1] ?? '');
  }
  expect(Object.keys(env).sort()).toEqual([...looked].sort());
  expect(Object.values(env).sort()).toEqual([...refs].sort());
  for (const [name, ref] of Object.entries(env)) expect(secretEnvVar(ref)).toBe(name);
  // No reference or value leaks into the profile itself: only lookups of the variables.
  for (const ref of refs) expect(yaml).not.toContain(ref);
}

const TRINO_FIELDS = new Set([
  'type',
  'method',
  'host',
  'port',
  'user',
  'password',
  'jwt_token',
  'database',
  'schema',
  'http_scheme',
  'cert',
  'threads',
]);
// Fields of dbt-snowflake's and dbt-bigquery's profiles (their documented connection settings) floe may write.
const SNOWFLAKE_FIELDS = new Set([
  'type',
  'account',
  'user',
  'password',
  'private_key',
  'role',
  'warehouse',
  'database',
  'schema',
  'threads',
]);
const BIGQUERY_FIELDS = new Set(['type', 'method', 'project', 'dataset', 'location', 'keyfile_json', 'threads']);

const trino = (extra: Obj = {}): Obj => ({
  type: 'trino',
  host: 'trino.example',
  user: 'floe',
  catalog: 'lake',
  ...extra,
});

describe('Trino: the dbt-trino profile', () => {
  it('no authentication: method none, plain HTTP, the catalog as dbt database, no secret', () => {
    const c = compileDbt(trino());
    expect(c.output).toEqual({
      type: 'trino',
      method: 'none',
      host: 'trino.example',
      port: 8080,
      user: 'floe',
      database: 'lake',
      schema: 'default',
      http_scheme: 'http',
      threads: 6,
    });
    expect(c.env).toEqual({});
    expect(c.artifacts.publish.map((p) => p.mode)).toEqual(['dbt-native', 'dbt-native']);
  });

  it('password over HTTPS: method ldap (HTTP basic), the password an env_var lookup', () => {
    const c = compileDbt(
      trino({ port: 8443, http_scheme: 'https', password: 'secret:floe-trino/password', schema: 'analytics' }),
    );
    expect(c.output).toMatchObject({ method: 'ldap', port: 8443, http_scheme: 'https', schema: 'analytics' });
    expect(c.output.password).toBe("{{ env_var('FLOE_SECRET_FLOE_TRINO_PASSWORD') }}");
    expect(c.output.jwt_token).toBeUndefined();
    expectSecretsAsLookups(c, ['password']);
    for (const key of Object.keys(c.output)) expect(TRINO_FIELDS.has(key), key).toBe(true);
  });

  it('JWT with a private CA: method jwt, the token a lookup, cert resolved against the project', () => {
    const c = compileDbt(
      trino({ http_scheme: 'https', port: 443, jwt_token: 'env:TRINO_JWT', ca_certificate: 'certs/trino-ca.pem' }),
    );
    expect(c.output).toMatchObject({
      method: 'jwt',
      jwt_token: "{{ env_var('TRINO_JWT') }}",
      cert: "{{ env_var('FLOE_PROJECT_DIR') }}/certs/trino-ca.pem",
    });
    expect(c.output.password).toBeUndefined();
    expectSecretsAsLookups(c, ['jwt_token']);
    expect(c.artifacts.compute).toMatchObject({ type: 'trino', ca_certificate: 'certs/trino-ca.pem' });
  });

  it('an absolute CA path (a mounted Secret in Kubernetes) is kept as it is', () => {
    const c = compileDbt(
      trino({
        http_scheme: 'https',
        password: 'file:/run/secrets/trino-password',
        ca_certificate: '/var/run/secrets/floe/floe-trino/ca.crt',
      }),
    );
    expect(c.output.cert).toBe('/var/run/secrets/floe/floe-trino/ca.crt');
    expectSecretsAsLookups(c, ['password']);
  });

  it('password and jwt_token together are a compile problem', () => {
    const result = check(
      pipeline(),
      platform(trino({ http_scheme: 'https', password: 'env:TRINO_PASSWORD', jwt_token: 'env:TRINO_JWT' })),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({
        path: 'compute.default.jwt_token',
        message: 'Trino takes one way to authenticate: both password and jwt_token are set',
      }),
    );
  });

  it('a literal password is refused before compiling', () => {
    const result = check(pipeline(), platform(trino({ password: CANARY })));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.some((d) => d.path === 'compute.default.password')).toBe(true);
    expect(JSON.stringify(result.diagnostics)).not.toContain(CANARY);
  });

  const python = join(repoRoot, '.venv/bin/python');
  const hasDbtTrino = existsSync(python) && existsSync(join(repoRoot, 'python/requirements-trino.txt'));
  it.skipIf(!hasDbtTrino)('dbt-trino itself accepts each compiled profile and picks the expected auth', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'floe-dbt-trino-'));
    try {
      const variants: [string, Obj][] = [
        ['none', trino()],
        ['ldap', trino({ http_scheme: 'https', password: 'env:TRINO_PASSWORD', ca_certificate: '/etc/ca.pem' })],
        ['jwt', trino({ http_scheme: 'https', jwt_token: 'env:TRINO_JWT' })],
      ];
      const script = [
        'import json, re, sys, yaml',
        'from dbt.adapters.trino.connections import TrinoCredentialsFactory as F',
        'out = []',
        'for path in sys.argv[1:]:',
        "    doc = yaml.safe_load(open(path))['floe']",
        "    data = doc['outputs'][doc['target']]",
        "    data = {k: re.sub(r\"^\\{\\{ env_var\\('[A-Z0-9_]+'\\) \\}\\}$\", 'x', v) if isinstance(v, str) else v for k, v in data.items()}",
        '    data = F.translate_aliases(data)',
        '    F.validate(data)',
        '    c = F.from_dict(data)',
        "    out.append([c.method, c.http_scheme.value, c.database, c.cert if hasattr(c, 'cert') else None])",
        'print(json.dumps(out))',
      ].join('\n');
      const files: string[] = [];
      for (const [name, compute] of variants) {
        const file = join(dir, `${name}.yml`);
        await writeFile(file, compileDbt(compute).yaml);
        files.push(file);
      }
      const { stdout } = await promisify(execFile)(python, ['-c', script, ...files]);
      expect(JSON.parse(stdout)).toEqual([
        ['none', 'http', 'lake', null],
        ['ldap', 'https', 'lake', '/etc/ca.pem'],
        ['jwt', 'https', 'lake', null],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const snowflake = (extra: Obj = {}): Obj => ({
  type: 'snowflake',
  account: 'acme-xy12345',
  user: 'FLOE',
  role: 'TRANSFORMER',
  warehouse: 'TRANSFORMING',
  database: 'ANALYTICS',
  ...extra,
});

describe('Snowflake: the dbt-snowflake profile (shape only: no Snowflake here)', () => {
  it('key-pair authentication: the private key an env_var lookup, dbt-native publish', () => {
    const c = compileDbt(snowflake({ private_key: 'secret:floe-snowflake/private-key', schema: 'MARTS' }));
    expect(c.output).toEqual({
      type: 'snowflake',
      account: 'acme-xy12345',
      user: 'FLOE',
      private_key: "{{ env_var('FLOE_SECRET_FLOE_SNOWFLAKE_PRIVATE_KEY') }}",
      role: 'TRANSFORMER',
      warehouse: 'TRANSFORMING',
      database: 'ANALYTICS',
      schema: 'MARTS',
      threads: 6,
    });
    expectSecretsAsLookups(c, ['private_key']);
    expect(c.artifacts.publish.every((p) => p.mode === 'dbt-native')).toBe(true);
  });

  it('password authentication; the schema defaults to PUBLIC; only fields dbt-snowflake reads', () => {
    const c = compileDbt(snowflake({ password: 'env:SNOWFLAKE_PASSWORD' }));
    expect(c.output).toMatchObject({ password: "{{ env_var('SNOWFLAKE_PASSWORD') }}", schema: 'PUBLIC' });
    expectSecretsAsLookups(c, ['password']);
    for (const key of Object.keys(c.output)) expect(SNOWFLAKE_FIELDS.has(key), key).toBe(true);
    for (const key of ['account', 'user', 'warehouse', 'database', 'schema']) expect(c.output[key]).toBeTruthy();
  });
});

const bigquery = (extra: Obj = {}): Obj => ({ type: 'bigquery', project: 'acme-data', dataset: 'marts', ...extra });

describe('BigQuery: the dbt-bigquery profile (shape only: no BigQuery here)', () => {
  it('service-account key: keyfile_json parsed from one env_var lookup, dbt-native publish', () => {
    const c = compileDbt(
      bigquery({ location: 'EU', method: 'service-account', keyfile: 'secret:floe-bigquery/key.json' }),
    );
    expect(c.output).toEqual({
      type: 'bigquery',
      method: 'service-account-json',
      project: 'acme-data',
      dataset: 'marts',
      location: 'EU',
      keyfile_json: "{{ env_var('FLOE_SECRET_FLOE_BIGQUERY_KEY_JSON') | as_native }}",
      threads: 6,
    });
    expectSecretsAsLookups(c, ['keyfile_json']);
    expect(c.artifacts.publish.every((p) => p.mode === 'dbt-native')).toBe(true);
    for (const key of Object.keys(c.output)) expect(BIGQUERY_FIELDS.has(key), key).toBe(true);
  });

  it('OAuth (application default credentials, Workload Identity): no secret at all, location US by default', () => {
    const c = compileDbt(bigquery());
    expect(c.output).toEqual({
      type: 'bigquery',
      method: 'oauth',
      project: 'acme-data',
      dataset: 'marts',
      location: 'US',
      threads: 6,
    });
    expect(c.env).toEqual({});
  });
});

describe('publish mode and the one-catalog rule', () => {
  const twoCatalogs = (p: Obj) => {
    p.catalogs = {
      ...(p.catalogs as Obj),
      raw: { type: 'rest', uri: 'https://polaris.example/api/catalog', warehouse: 'raw', storage: 'default' },
    };
    p.layers = { bronze: { catalog: 'raw' } };
  };

  it.each<[string, Obj]>([
    ['trino', trino()],
    ['snowflake', snowflake({ password: 'env:SNOWFLAKE_PASSWORD' })],
    ['bigquery', bigquery()],
  ])('%s (dbt-native): layers in two catalogs are a compile problem', (type, compute) => {
    const result = check(pipeline(), platform(compute, twoCatalogs));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problem = result.diagnostics.find((d) => d.path === 'layers.bronze.catalog');
    expect(problem?.message).toBe(
      `with compute "default" (${type}), dbt reads and writes every layer through one catalog, but layer bronze uses catalog "raw" and the pipeline "default"`,
    );
    expect(problem?.hint).toMatch(/remove layers\.bronze\.catalog/);
  });

  it('duckdb (floe-publish) reads each layer through its own catalog: the same layout compiles', () => {
    const artifacts = compileOk(platform({ type: 'duckdb' }, twoCatalogs));
    expect(artifacts.layers.bronze.catalog.profile).toBe('raw');
    expect(artifacts.publish.every((p) => p.mode === 'floe-publish')).toBe(true);
  });

  it('a dbt-native engine may keep a layer in its own bucket, as long as the catalog is shared', () => {
    const artifacts = compileOk(
      platform(trino(), (p) => {
        p.storage = { ...(p.storage as Obj), raw: { type: 's3', bucket: 'raw-lake' } };
        p.layers = { bronze: { storage: 'raw' } };
      }),
    );
    expect(artifacts.layers.bronze.location).toBe('s3://raw-lake/bronze');
    expect(artifacts.layers.gold.catalog.profile).toBe('default');
  });
});

// ---- Kubernetes: demo/platform/k8s-trino.yaml and the values files for Trino, Snowflake and BigQuery -------------

const K8S_TRINO = join(repoRoot, 'demo/platform/k8s-trino.yaml');
const SECRETS_DIR = '/var/run/secrets/floe';

/** Every Kubernetes Secret a platform document references (secret:<name>/<key>). */
function referencedSecrets(doc: unknown, found = new Set<string>()): Set<string> {
  if (typeof doc === 'string') {
    const m = /^secret:([^/]+)\//.exec(doc);
    if (m?.[1]) found.add(m[1]);
  } else if (doc && typeof doc === 'object') for (const v of Object.values(doc)) referencedSecrets(v, found);
  return found;
}

describe('demo/platform/k8s-trino.yaml', () => {
  it('compiles the demo to a dbt-trino profile over HTTPS with the password a mounted Secret', async () => {
    const { artifacts } = await loadProject({
      projectDir: join(repoRoot, 'demo'),
      platformFile: 'platform/k8s-trino.yaml',
      noCache: true,
    });
    expect(artifacts.compute).toMatchObject({ type: 'trino', host: 'trino', port: 8443, http_scheme: 'https' });
    expect(artifacts.publish.length).toBeGreaterThan(0);
    expect(artifacts.publish.every((p) => p.mode === 'dbt-native')).toBe(true);
    const layerCatalogs = new Set(Object.values(artifacts.layers).map((l) => l.catalog.profile));
    expect(layerCatalogs).toEqual(new Set(['default']));
    const dbt = artifacts.transforms.dbt;
    expect(dbt?.env).toEqual({ FLOE_SECRET_FLOE_TRINO_PASSWORD: 'secret:floe-trino/password' });
    const output = (dbt?.profile.floe as { outputs: Record<string, Obj> } | undefined)?.outputs.dev;
    expect(output).toMatchObject({ method: 'ldap', database: 'lakehouse', cert: `${SECRETS_DIR}/floe-trino/ca.crt` });
  });
});

describe.skipIf(!helmAvailable())('Kubernetes values for Trino, Snowflake and BigQuery', () => {
  let work = '';
  let artifactsFile = '';
  beforeAll(async () => {
    work = await prepareCharts();
    const loaded = await loadProject({ projectDir: join(repoRoot, 'demo'), platformFile: K8S_TRINO, noCache: true });
    artifactsFile = join(work, 'compiled_artifacts.json');
    await writeFile(artifactsFile, serializeArtifacts(loaded.artifacts));
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  interface EnvVar {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string } };
  }
  interface PodSpec {
    containers: {
      name: string;
      image?: string;
      env?: EnvVar[];
      volumeMounts?: { name: string; mountPath: string }[];
    }[];
    volumes?: { name: string; secret?: { secretName: string } }[];
  }
  const cubeDeployments = (objects: K8sObject[]) =>
    objects.filter((o) => o.kind === 'Deployment' && o.metadata.labels?.['app.kubernetes.io/name'] === 'floe-cube');
  const podSpec = (o: K8sObject) => (o.spec as { template: { spec: PodSpec } }).template.spec;
  /** Names of environment variables that hold a credential themselves (not a path to a file holding one). */
  const CREDENTIAL_NAME = /(PASS|PASSWORD|SECRET|TOKEN|PRIVATE_KEY|CREDENTIALS|_KEY)$/;

  const cases: [string, string, string, Record<string, string>][] = [
    ['trino', 'charts/floe-cube/values-trino.yaml', 'demo/platform/k8s-trino.yaml', {}],
    [
      'snowflake',
      'examples/compute/floe-cube-snowflake.yaml',
      'examples/projects/warehouse-engines/platform/snowflake.yaml',
      {
        CUBEJS_DB_SNOWFLAKE_ACCOUNT: 'acme-xy12345',
        CUBEJS_DB_SNOWFLAKE_AUTHENTICATOR: 'SNOWFLAKE_JWT',
        CUBEJS_DB_SNOWFLAKE_PRIVATE_KEY_PATH: `${SECRETS_DIR}/floe-snowflake/private-key`,
      },
    ],
    [
      'bigquery',
      'examples/compute/floe-cube-bigquery.yaml',
      'examples/projects/warehouse-engines/platform/bigquery.yaml',
      { CUBEJS_DB_BQ_PROJECT_ID: 'acme-data', CUBEJS_DB_BQ_KEY_FILE: `${SECRETS_DIR}/floe-bigquery/key.json` },
    ],
  ];

  it.each(cases)(
    'Cube on %s (%s): CUBEJS_DB_TYPE, the connection, credentials only from Secrets',
    async (type, valuesFile, platformFile, expected) => {
      const values = parse(await readFile(join(repoRoot, valuesFile), 'utf8'));
      expect(detectLiteralSecrets(values)).toEqual([]);
      const { stdout } = await helm([
        'template',
        'floe-cube',
        join(work, 'floe-cube'),
        '-n',
        'floe',
        '-f',
        join(repoRoot, valuesFile),
        '--set-file',
        `platform.content=${join(repoRoot, platformFile)}`,
      ]);
      const deployments = cubeDeployments(parseManifests(stdout));
      expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['floe-cube-api', 'floe-cube-refresh-worker']);
      for (const deployment of deployments) {
        const spec = podSpec(deployment);
        const cube = spec.containers.find((c) => c.name === 'cube');
        const env = new Map((cube?.env ?? []).map((e) => [e.name, e]));
        expect(env.get('CUBEJS_DB_TYPE')?.value).toBe(type);
        for (const [name, value] of Object.entries(expected)) expect(env.get(name)?.value, name).toBe(value);
        // A credential held in an environment variable comes from a Secret, never from a literal value.
        for (const e of env.values()) {
          if (!CREDENTIAL_NAME.test(e.name)) continue;
          expect(e.value, e.name).toBeUndefined();
          expect(e.valueFrom?.secretKeyRef?.name, e.name).toBeTruthy();
        }
        for (const e of env.values()) expect(e.value ?? '').not.toContain(CANARY);
        // A credential held in a file (CA, private key, key file) lies in a mounted Secret.
        const secretVolumes = new Map(
          (spec.volumes ?? []).filter((v) => v.secret).map((v) => [v.name, v.secret?.secretName]),
        );
        const secretMounts = (cube?.volumeMounts ?? []).filter((m) => secretVolumes.has(m.name));
        for (const [name, e] of env) {
          if (!/(_CA|_PRIVATE_KEY_PATH|_KEY_FILE)$/.test(name)) continue;
          const mount = secretMounts.find((m) => e.value?.startsWith(`${m.mountPath}/`));
          expect(mount, `${name} points into a mounted Secret`).toBeDefined();
          expect(mount?.mountPath).toBe(`${SECRETS_DIR}/${secretVolumes.get(mount?.name ?? '')}`);
        }
        if (type === 'trino') {
          // floe's Cube builds the Trino driver from the platform file: no connection setting or credential in the
          // environment; the compute profile's secrets and CA file lie in Secrets mounted where floe resolves them.
          for (const name of env.keys()) expect(name, name).not.toMatch(/^CUBEJS_DB_(?!TYPE$)/);
          const platformDoc = parse(await readFile(join(repoRoot, platformFile), 'utf8'));
          const compute = platformDoc.compute.default;
          const mounted = secretMounts.map((m) => m.mountPath);
          for (const secret of referencedSecrets(compute))
            expect(mounted, secret).toContain(`${SECRETS_DIR}/${secret}`);
          expect(mounted).toContain(compute.ca_certificate.slice(0, compute.ca_certificate.lastIndexOf('/')));
          for (const secret of referencedSecrets(platformDoc)) {
            if (secret === 'floe-postgresql') continue; // Dagster's metadata database: not Cube's
            expect(mounted, secret).toContain(`${SECRETS_DIR}/${secret}`);
          }
        } else {
          // Cube itself (its official image, its own driver) reads the CUBEJS_DB_* variables.
          expect(spec.containers.find((c) => c.name === 'cube')?.image).toBe('docker.io/cubejs/cube:v1.7.43');
        }
      }
    },
  );

  it('floe-dagster values-trino.yaml: the code location and its runs mount every Secret of k8s-trino.yaml', async () => {
    const values = parse(await readFile(join(repoRoot, 'charts/floe-dagster/values-trino.yaml'), 'utf8'));
    expect(detectLiteralSecrets(values)).toEqual([]);
    const base = parse(await readFile(join(repoRoot, 'charts/floe-dagster/values.yaml'), 'utf8'));
    const code = values.dagster['dagster-user-deployments'].deployments[0];
    const baseCode = base.dagster['dagster-user-deployments'].deployments[0];
    // Helm replaces lists: apart from the Trino Secret, the code location is values.yaml's.
    const withoutTrino = (list: { name: string }[]) => list.filter((v) => v.name !== 'secret-floe-trino');
    expect({ ...code, volumes: withoutTrino(code.volumes), volumeMounts: withoutTrino(code.volumeMounts) }).toEqual(
      baseCode,
    );
    expect(code.includeConfigInLaunchedRuns.enabled).toBe(true);
    const platformSecrets = referencedSecrets(parse(await readFile(K8S_TRINO, 'utf8')));
    expect(platformSecrets).toContain('floe-trino');
    for (const secret of platformSecrets) {
      const volume = code.volumes.find((v: { secret?: { secretName: string } }) => v.secret?.secretName === secret);
      expect(volume, secret).toBeDefined();
      const mount = code.volumeMounts.find((m: { name: string }) => m.name === volume.name);
      expect(mount?.mountPath).toBe(`${SECRETS_DIR}/${secret}`);
    }
    // The chart renders with the Trino platform file and its CompiledArtifacts.
    const { stdout } = await helm([
      'template',
      'floe-dagster',
      join(work, 'floe-dagster'),
      '-n',
      'floe',
      '-f',
      join(repoRoot, 'charts/floe-dagster/values-trino.yaml'),
      '--set-file',
      `compiledArtifacts.content=${artifactsFile}`,
      '--set-file',
      `platform.content=${K8S_TRINO}`,
    ]);
    const platformMap = parseManifests(stdout).find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name === 'floe-platform',
    );
    expect(parse(((platformMap?.data ?? {}) as Record<string, string>)['platform.yaml'] ?? '')).toMatchObject({
      compute: { default: { type: 'trino' } },
    });
  });
});
