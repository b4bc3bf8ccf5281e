import { z } from 'zod';
import { apiVersion, fsPath, host, httpUrl, identifier, port, profileName, secretRef } from './common.js';

const bucket = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid bucket name');
const prefix = z
  .string()
  .regex(/^[^\s]*$/, 'must not contain spaces')
  .transform((p) => p.replace(/^\/+|\/+$/g, ''))
  .meta({ description: 'Key prefix inside the bucket (leading/trailing "/" are ignored).' });

export const localStorageSchema = z
  .strictObject({
    type: z.literal('local'),
    path: fsPath.meta({ description: 'Warehouse folder; relative to the project directory unless absolute.' }),
  })
  .meta({ title: 'Local folder storage' });

export const s3StorageSchema = z
  .strictObject({
    type: z.literal('s3'),
    bucket,
    prefix: prefix.default(''),
    endpoint: httpUrl.optional().meta({ description: 'S3-compatible endpoint (omit for AWS S3).' }),
    region: z.string().min(1).default('us-east-1'),
    path_style: z
      .boolean()
      .default(false)
      .meta({ description: 'Use path-style addressing (most S3-compatible stores).' }),
    credentials: z
      .strictObject({ access_key_id: secretRef, secret_access_key: secretRef, session_token: secretRef.optional() })
      .optional()
      .meta({ description: 'Omit to use the default AWS credential chain (IRSA, instance profile).' }),
  })
  .meta({ title: 'S3 or S3-compatible storage' });

export const gcsStorageSchema = z
  .strictObject({
    type: z.literal('gcs'),
    bucket,
    prefix: prefix.default(''),
    project: z.string().min(1).optional(),
    endpoint: httpUrl.optional(),
    credentials: z
      .strictObject({ service_account_key: secretRef })
      .optional()
      .meta({ description: 'Omit to use workload identity / application default credentials.' }),
  })
  .meta({ title: 'Google Cloud Storage' });

export const adlsStorageSchema = z
  .strictObject({
    type: z.literal('adls'),
    account: z.string().regex(/^[a-z0-9]{3,24}$/, 'must be a storage account name (3-24 lower-case letters/digits)'),
    container: z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid container name'),
    prefix: prefix.default(''),
    endpoint: httpUrl.optional(),
    credentials: z
      .union([
        z.strictObject({ account_key: secretRef }),
        z.strictObject({ sas_token: secretRef }),
        z.strictObject({ tenant_id: z.string().min(1), client_id: z.string().min(1), client_secret: secretRef }),
      ])
      .optional(),
  })
  .meta({ title: 'Azure Data Lake Storage Gen2' });

export const storageProfileSchema = z.discriminatedUnion('type', [
  localStorageSchema,
  s3StorageSchema,
  gcsStorageSchema,
  adlsStorageSchema,
]);
export type StorageProfileConfig = z.output<typeof storageProfileSchema>;

const sqlCatalogUri = z
  .string()
  .regex(
    /^(sqlite:[^\s]+|postgres(ql)?:\/\/([^\s:@/]+@)?[^\s/@]+\/[^\s/@?]+(\?\S*)?)$/,
    'must be sqlite:<path> or postgresql://user@host[:port]/database (put the password in "password")',
  )
  .meta({
    description:
      'sqlite:<path> (relative to the project directory unless absolute) or postgresql://user@host:port/db. ' +
      'Never put a password in the URI; use "password".',
    examples: ['sqlite:warehouse/catalog.db', 'postgresql://floe@postgres:5432/floe_catalog'],
  });

export const sqlCatalogSchema = z
  .strictObject({
    type: z.literal('sql'),
    uri: sqlCatalogUri,
    password: secretRef.optional().meta({ description: 'PostgreSQL password reference.' }),
    warehouse: profileName.meta({ description: 'Storage profile that holds table data and metadata.' }),
    name: identifier.default('floe').meta({ description: 'Catalog name stored in the SQL catalog tables.' }),
  })
  .meta({ title: 'SQL catalog (SQLite or PostgreSQL)' });

export const restCatalogSchema = z
  .strictObject({
    type: z.literal('rest'),
    uri: httpUrl.meta({ description: 'Base URL of the Iceberg REST catalog, e.g. http://polaris:8181/api/catalog' }),
    warehouse: z.string().min(1).meta({ description: 'Warehouse (Polaris: catalog name) sent to /v1/config.' }),
    prefix: z.string().min(1).optional(),
    storage: profileName
      .optional()
      .meta({ description: 'Storage profile floe uses to read and write data files (credentials for the store).' }),
    oauth2: z
      .strictObject({
        token_endpoint: httpUrl,
        client_id: z.string().min(1).meta({
          description:
            'The OAuth2 client id, literal or a secret reference (Polaris generates it: the init job writes it to a Secret).',
        }),
        client_secret: secretRef,
        scope: z.string().min(1).default('PRINCIPAL_ROLE:ALL'),
      })
      .optional()
      .meta({ description: 'OAuth2 client-credentials grant (Polaris).' }),
  })
  .meta({ title: 'Iceberg REST catalog (e.g. Apache Polaris)' });

export const catalogProfileSchema = z.discriminatedUnion('type', [sqlCatalogSchema, restCatalogSchema]);
export type CatalogProfileConfig = z.output<typeof catalogProfileSchema>;

export const duckdbComputeSchema = z.strictObject({
  type: z.literal('duckdb'),
  path: fsPath.default('warehouse/floe.duckdb').meta({ description: 'Database file; relative to the project.' }),
  threads: z.number().int().min(1).max(1024).optional(),
  memory_limit: z
    .string()
    .regex(/^\d+(\.\d+)?\s?(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'must be a size such as 4GB')
    .optional(),
  extensions: z.array(z.string().regex(/^[a-z0-9_]+$/)).default([]),
});

export const trinoComputeSchema = z.strictObject({
  type: z.literal('trino'),
  host,
  port: port.default(8080),
  user: z.string().min(1),
  password: secretRef.optional().meta({ description: 'Password authentication (LDAP or file); needs https.' }),
  jwt_token: secretRef
    .optional()
    .meta({ description: 'JWT bearer authentication (instead of a password); needs https.' }),
  catalog: identifier.meta({ description: 'Trino catalog that holds the Iceberg layers (an iceberg connector).' }),
  schema: identifier.optional(),
  http_scheme: z.enum(['http', 'https']).default('http'),
  ca_certificate: z.string().min(1).optional().meta({
    description: "PEM file of the CA that signed Trino's certificate (a private CA); relative to the project.",
  }),
});

export const snowflakeComputeSchema = z.strictObject({
  type: z.literal('snowflake'),
  account: z.string().min(1),
  user: z.string().min(1),
  password: secretRef.optional(),
  private_key: secretRef.optional(),
  role: z.string().min(1).optional(),
  warehouse: z.string().min(1),
  database: identifier,
  schema: identifier.optional(),
});

export const bigqueryComputeSchema = z.strictObject({
  type: z.literal('bigquery'),
  project: z.string().min(1),
  dataset: identifier,
  location: z.string().min(1).default('US'),
  method: z.enum(['oauth', 'service-account']).default('oauth'),
  keyfile: secretRef.optional().meta({ description: 'Service-account key (method service-account).' }),
});

export const postgresComputeSchema = z.strictObject({
  type: z.literal('postgres'),
  host,
  port: port.default(5432),
  user: z.string().min(1),
  password: secretRef.optional(),
  database: identifier,
  schema: identifier.default('public'),
});

export const computeProfileSchema = z.discriminatedUnion('type', [
  duckdbComputeSchema,
  trinoComputeSchema,
  snowflakeComputeSchema,
  bigqueryComputeSchema,
  postgresComputeSchema,
]);
export type ComputeProfileConfig = z.output<typeof computeProfileSchema>;

export const retentionSchema = z
  .strictObject({
    snapshot_days: z.number().int().min(0).default(7).meta({ description: 'Expire snapshots older than this.' }),
    min_snapshots: z.number().int().min(1).default(1).meta({ description: 'Always keep at least this many.' }),
  })
  .meta({ description: 'Snapshot retention for tables of the layer.' });

export const layerConfigSchema = z.strictObject({
  catalog: profileName.optional().meta({ description: "Catalog profile; defaults to floe.yaml's profiles.catalog." }),
  namespace: identifier.optional().meta({ description: 'Iceberg namespace; defaults to the layer name.' }),
  storage: profileName
    .optional()
    .meta({ description: "Storage profile; defaults to the catalog's storage, then floe.yaml's profiles.storage." }),
  retention: retentionSchema.prefault({}),
});

const postgresConnection = {
  host,
  port: port.default(5432),
  database: identifier,
  user: z.string().min(1),
  password: secretRef.optional(),
};

export const dagsterMetadataSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('sqlite'),
    path: fsPath.default('.floe/dagster').meta({ description: 'DAGSTER_HOME folder; relative to the project.' }),
  }),
  z.strictObject({ type: z.literal('postgres'), ...postgresConnection }),
]);

export const platformObservabilitySchema = z.strictObject({
  otlp: z
    .strictObject({
      endpoint: httpUrl,
      protocol: z.enum(['grpc', 'http/protobuf']).default('http/protobuf'),
      headers: z.record(z.string().min(1), secretRef).default({}),
    })
    .optional(),
  openlineage: z
    .strictObject({
      url: httpUrl,
      namespace: z.string().min(1).default('floe'),
      api_key: secretRef.optional(),
    })
    .optional(),
});

export const serviceEndpointSchema = z.strictObject({ url: httpUrl });

export const platformSchema = z
  .strictObject({
    apiVersion,
    kind: z.literal('Platform'),
    metadata: z.strictObject({
      name: profileName,
      environment: profileName.meta({ description: 'e.g. local, dev, staging, prod' }),
      description: z.string().optional(),
    }),
    storage: z
      .record(profileName, storageProfileSchema)
      .refine((r) => Object.keys(r).length > 0, 'define at least one storage profile'),
    catalogs: z
      .record(profileName, catalogProfileSchema)
      .refine((r) => Object.keys(r).length > 0, 'define at least one catalog profile'),
    compute: z
      .record(profileName, computeProfileSchema)
      .refine((r) => Object.keys(r).length > 0, 'define at least one compute profile'),
    layers: z
      .strictObject({
        bronze: layerConfigSchema.prefault({}),
        silver: layerConfigSchema.prefault({}),
        gold: layerConfigSchema.prefault({}),
      })
      .prefault({}),
    orchestration: z
      .strictObject({
        dagster: z.strictObject({ metadata: dagsterMetadataSchema.prefault({ type: 'sqlite' }) }).prefault({}),
      })
      .prefault({}),
    observability: platformObservabilitySchema.prefault({}),
    services: z
      .strictObject({
        cube: serviceEndpointSchema.optional(),
        dagster: serviceEndpointSchema.optional(),
      })
      .prefault({})
      .meta({ description: 'Endpoints of running services (floe preflight --check-services calls them).' }),
  })
  .meta({ title: 'floe platform.yaml', description: 'Infrastructure of one environment.' });

export type PlatformConfig = z.output<typeof platformSchema>;
export type PlatformConfigInput = z.input<typeof platformSchema>;
