import { z } from 'zod';
import { CLASSIFICATIONS, JOB_NAMES } from './pipeline.js';

/**
 * CompiledArtifacts: the one contract every runtime component reads (Dagster code location, dbt, Cube, Helm).
 * Plain JSON, snake_case keys, paths relative to the project directory, secrets as references only.
 * Bump SCHEMA_VERSION on any incompatible change.
 */
export const SCHEMA_VERSION = 1;

const ref = z.string().meta({ description: 'Secret reference (env:, file:, secret:); never a value.' });
const nullableRef = ref.nullable();

export const compiledStorageSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ profile: z.string(), type: z.literal('local'), root: z.string(), path: z.string() }),
    z.strictObject({
      profile: z.string(),
      type: z.literal('s3'),
      root: z.string(),
      bucket: z.string(),
      prefix: z.string(),
      endpoint: z.string().nullable(),
      region: z.string(),
      path_style: z.boolean(),
      credentials: z
        .strictObject({ access_key_id: ref, secret_access_key: ref, session_token: nullableRef })
        .nullable(),
    }),
    z.strictObject({
      profile: z.string(),
      type: z.literal('gcs'),
      root: z.string(),
      bucket: z.string(),
      prefix: z.string(),
      project: z.string().nullable(),
      endpoint: z.string().nullable(),
      credentials: z.strictObject({ service_account_key: ref }).nullable(),
    }),
    z.strictObject({
      profile: z.string(),
      type: z.literal('adls'),
      root: z.string(),
      account: z.string(),
      container: z.string(),
      prefix: z.string(),
      endpoint: z.string().nullable(),
      credentials: z.record(z.string(), z.string()).nullable(),
    }),
  ])
  .meta({ id: 'CompiledStorage' });
export type CompiledStorage = z.infer<typeof compiledStorageSchema>;

export const compiledCatalogSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      profile: z.string(),
      type: z.literal('sql'),
      name: z.string(),
      driver: z.enum(['sqlite', 'postgresql']),
      uri: z.string().meta({ description: 'As written: sqlite:<path> or postgresql://user@host:port/db.' }),
      path: z.string().nullable().meta({ description: 'SQLite file, relative to the project (null for PostgreSQL).' }),
      host: z.string().nullable(),
      port: z.number().nullable(),
      database: z.string().nullable(),
      user: z.string().nullable(),
      password: nullableRef,
      storage: z.string().meta({ description: 'Storage profile of the warehouse.' }),
      warehouse: z.string().meta({ description: 'Warehouse root location (PyIceberg "warehouse" property).' }),
    }),
    z.strictObject({
      profile: z.string(),
      type: z.literal('rest'),
      name: z.string(),
      uri: z.string(),
      warehouse: z.string(),
      prefix: z.string().nullable(),
      storage: z.string().nullable(),
      oauth2: z
        .strictObject({ token_endpoint: z.string(), client_id: z.string(), client_secret: ref, scope: z.string() })
        .nullable(),
    }),
  ])
  .meta({ id: 'CompiledCatalog' });
export type CompiledCatalog = z.infer<typeof compiledCatalogSchema>;

export const compiledComputeSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      profile: z.string(),
      type: z.literal('duckdb'),
      path: z.string(),
      threads: z.number().nullable(),
      memory_limit: z.string().nullable(),
      extensions: z.array(z.string()),
    }),
    z.strictObject({
      profile: z.string(),
      type: z.literal('trino'),
      host: z.string(),
      port: z.number(),
      user: z.string(),
      password: nullableRef,
      jwt_token: nullableRef,
      catalog: z.string(),
      schema: z.string().nullable(),
      http_scheme: z.enum(['http', 'https']),
      ca_certificate: z.string().nullable(),
    }),
    z.strictObject({
      profile: z.string(),
      type: z.literal('snowflake'),
      account: z.string(),
      user: z.string(),
      password: nullableRef,
      private_key: nullableRef,
      role: z.string().nullable(),
      warehouse: z.string(),
      database: z.string(),
      schema: z.string().nullable(),
    }),
    z.strictObject({
      profile: z.string(),
      type: z.literal('bigquery'),
      project: z.string(),
      dataset: z.string(),
      location: z.string(),
      method: z.enum(['oauth', 'service-account']),
      keyfile: nullableRef,
    }),
    z.strictObject({
      profile: z.string(),
      type: z.literal('postgres'),
      host: z.string(),
      port: z.number(),
      user: z.string(),
      password: nullableRef,
      database: z.string(),
      schema: z.string(),
    }),
  ])
  .meta({ id: 'CompiledCompute' });
export type CompiledCompute = z.infer<typeof compiledComputeSchema>;

export const compiledLayerSchema = z
  .strictObject({
    name: z.enum(['bronze', 'silver', 'gold']),
    namespace: z.string(),
    catalog: compiledCatalogSchema,
    storage: compiledStorageSchema,
    location: z.string().meta({ description: 'Root location of the layer namespace (relative path when local).' }),
    retention: z.strictObject({ snapshot_days: z.number(), min_snapshots: z.number() }),
  })
  .meta({ id: 'CompiledLayer' });
export type CompiledLayer = z.infer<typeof compiledLayerSchema>;

export const compiledSourceSchema = z.strictObject({
  name: z.string(),
  dataset: z.enum(['ecommerce', 'saas']),
  layer: z.literal('bronze'),
  namespace: z.string(),
  table_prefix: z.string().meta({ description: 'Bronze tables are <namespace>.<table_prefix><table>.' }),
  seed: z.number(),
  rows: z.number(),
  rows_per_second: z.number().nullable(),
  mode: z.enum(['burst', 'realistic']),
  defects: z.strictObject({ nulls: z.number(), duplicates: z.number(), late: z.number() }),
  timezone: z.string(),
});
export type CompiledSource = z.infer<typeof compiledSourceSchema>;

const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

export const compiledDbtSchema = z.strictObject({
  project: z.string(),
  profiles_dir: z.string().meta({ description: 'Folder holding the generated profiles.yml (relative).' }),
  profile_name: z.string(),
  target: z.string(),
  select: z.array(z.string()),
  exclude: z.array(z.string()),
  vars: z.record(z.string(), jsonValue),
  threads: z.number(),
  env: z
    .record(z.string(), z.string())
    .meta({ description: 'Environment variable → secret reference or value the runtime must export for dbt.' }),
  profile: z.record(z.string(), jsonValue).meta({ description: 'The generated profiles.yml as an object.' }),
});
export type CompiledDbt = z.infer<typeof compiledDbtSchema>;

export const compiledPublishSchema = z.strictObject({
  model: z.string(),
  layer: z.enum(['silver', 'gold']),
  namespace: z.string(),
  table: z.string(),
  identifier: z.string().meta({ description: '<namespace>.<table>' }),
  catalog: z.string().meta({ description: 'Catalog profile of the layer.' }),
  location: z.string(),
  mode: z.enum(['floe-publish', 'dbt-native']),
});
export type CompiledPublish = z.infer<typeof compiledPublishSchema>;

export const compiledSecretSchema = z
  .strictObject({
    ref: z.string(),
    kind: z.enum(['env', 'file', 'secret']),
    env_var: z.string().meta({ description: 'Variable the runtime exports the resolved value under.' }),
    secret: z.string().nullable().meta({ description: 'Kubernetes Secret name (kind secret).' }),
    key: z.string().nullable().meta({ description: 'Key inside the Secret (kind secret).' }),
    path: z.string().nullable().meta({ description: 'File path (kind file).' }),
    fields: z.array(z.string()).meta({ description: 'Platform-file fields that use this reference.' }),
  })
  .meta({ id: 'CompiledSecret' });
export type CompiledSecret = z.infer<typeof compiledSecretSchema>;

export const compiledArtifactsSchema = z
  .strictObject({
    schema_version: z.literal(SCHEMA_VERSION),
    floe_version: z.string(),
    source_hash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    project: z.strictObject({
      name: z.string(),
      version: z.string(),
      description: z.string().nullable(),
      floe_file: z.string(),
      platform_file: z.string(),
    }),
    platform: z.strictObject({ name: z.string(), environment: z.string() }),
    catalog: compiledCatalogSchema,
    storage: compiledStorageSchema,
    compute: compiledComputeSchema,
    layers: z.strictObject({ bronze: compiledLayerSchema, silver: compiledLayerSchema, gold: compiledLayerSchema }),
    sources: z.array(compiledSourceSchema),
    transforms: z.strictObject({ dbt: compiledDbtSchema.nullable() }),
    publish: z.array(compiledPublishSchema),
    consumption: z.strictObject({
      cube: z
        .strictObject({
          model: z.string(),
          pre_aggregations: z.strictObject({
            enabled: z.boolean(),
            refresh_every: z.string(),
            external: z.boolean(),
          }),
          url: z.string().nullable(),
        })
        .nullable(),
    }),
    orchestration: z.strictObject({
      dagster: z.strictObject({
        url: z.string().nullable(),
        metadata: z.discriminatedUnion('type', [
          z.strictObject({ type: z.literal('sqlite'), path: z.string() }),
          z.strictObject({
            type: z.literal('postgres'),
            host: z.string(),
            port: z.number(),
            database: z.string(),
            user: z.string(),
            password: nullableRef,
          }),
        ]),
      }),
      schedules: z.array(
        z.strictObject({
          name: z.string(),
          cron: z.string(),
          job: z.enum(JOB_NAMES),
          timezone: z.string(),
          enabled: z.boolean(),
        }),
      ),
      sensors: z.array(
        z.strictObject({
          name: z.string(),
          type: z.enum(['new_data', 'freshness']),
          job: z.enum(JOB_NAMES),
          minimum_interval_seconds: z.number(),
          max_lag_minutes: z.number().nullable(),
          enabled: z.boolean(),
        }),
      ),
      retries: z.strictObject({
        max: z.number(),
        backoff: z.enum(['none', 'linear', 'exponential']),
        delay_seconds: z.number(),
      }),
    }),
    observability: z.strictObject({
      service_name: z.string(),
      log_level: z.enum(['debug', 'info', 'warn', 'error']),
      tracing: z.boolean(),
      lineage: z.boolean(),
      otlp: z
        .strictObject({ endpoint: z.string(), protocol: z.string(), headers: z.record(z.string(), ref) })
        .nullable(),
      openlineage: z.strictObject({ url: z.string(), namespace: z.string(), api_key: nullableRef }).nullable(),
    }),
    governance: z.strictObject({
      classifications: z.record(z.string(), z.record(z.string(), z.enum(CLASSIFICATIONS))),
    }),
    services: z.strictObject({ cube: z.string().nullable(), dagster: z.string().nullable() }),
    secrets: z
      .array(compiledSecretSchema)
      .meta({ description: 'Every secret reference of the platform file, for deployments to mount or export.' }),
  })
  .meta({ title: 'floe CompiledArtifacts', description: 'Output of floe compile; read by every runtime component.' });

export type CompiledArtifacts = z.infer<typeof compiledArtifactsSchema>;
