import { z } from 'zod';
import {
  configFile,
  credentials,
  floeCommon,
  global,
  image,
  imagePullSecrets,
  networkPolicy,
  secretName,
} from './common.js';

export const floeDagsterValues = z.strictObject({
  global,
  'floe-common': floeCommon,
  // the umbrella chart's condition key
  enabled: z.boolean().optional(),
  nameOverride: z.string(),
  fullnameOverride: z.string(),
  compiledArtifacts: configFile,
  platform: configFile,
  mountPath: z.string().regex(/^\//),
  projectDir: z.string().regex(/^\//),
  cubeUrl: z.union([z.literal(''), z.url()]),
  envConfigMapName: secretName,
  extraEnv: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()),
  credentials: credentials({ postgresql: secretName, objectStore: secretName, polaris: secretName }),
  observability: z.strictObject({
    otlpEndpoint: z.union([z.literal(''), z.url()]),
    openLineageUrl: z.union([z.literal(''), z.url()]),
  }),
  demo: z.strictObject({
    enabled: z.boolean(),
    schedule: z.string().regex(/^(\S+\s+){4}\S+$/, 'a five-field cron expression'),
    batchSize: z.number().int().positive(),
  }),
  runWorkers: z.strictObject({
    podDisruptionBudget: z.strictObject({ enabled: z.boolean() }),
    selectorLabels: z.record(z.string(), z.string()),
  }),
  networkPolicy,
  webserverPort: z.number().int(),
  // floe's `helm test` pod only; the Dagster chart's pods: dagster.imagePullSecrets
  imagePullSecrets,
  testImage: image,
  // Values of the official Dagster chart: validated by that chart's own values.schema.json (online render only).
  dagster: z.looseObject({ enabled: z.boolean() }),
});
