import { z } from 'zod';
import {
  configFile,
  credentials,
  global,
  image,
  networkPolicy,
  resources,
  secretName,
  serviceMonitor,
  toggle,
} from './common.js';

export const floeCubeValues = z.strictObject({
  global,
  // the umbrella chart's condition key
  enabled: z.boolean().optional(),
  nameOverride: z.string(),
  fullnameOverride: z.string(),
  image,
  command: z.array(z.string()),
  platform: configFile,
  model: z.strictObject({
    path: z.string().regex(/^\//),
    files: z.record(z.string().regex(/^[\w.-]+\.(js|ya?ml)$/), z.string()),
    existingConfigMap: z.string(),
  }),
  credentials: credentials({ api: secretName, objectStore: secretName }, { mounted: z.array(secretName) }),
  sqlApi: z.strictObject({ user: z.string().regex(/^[a-z_][a-z0-9_]*$/) }),
  api: z.strictObject({ replicas: z.number().int().min(1), resources }),
  refreshWorker: z.strictObject({ replicas: z.number().int().min(0).max(1), resources }),
  cubestore: z.strictObject({
    enabled: z.boolean(),
    image,
    router: z.strictObject({ resources }),
    workers: z.strictObject({ replicas: z.number().int().min(1), resources }),
    remote: z.strictObject({
      bucket: z.string().min(3),
      prefix: z.string(),
      endpoint: z.url(),
      region: z.string().min(1),
    }),
  }),
  observability: z.strictObject({ otlpEndpoint: z.union([z.literal(''), z.url()]) }),
  extraEnv: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()),
  tmpSizeLimit: z.string().regex(/^\d+(Mi|Gi)$/),
  ingress: z.strictObject({
    enabled: z.boolean(),
    className: z.string(),
    host: z.string(),
    tlsSecretName: z.string(),
    annotations: z.record(z.string(), z.string()),
  }),
  podDisruptionBudget: toggle,
  antiAffinity: toggle,
  networkPolicy,
  serviceMonitor,
  testImage: image,
});
