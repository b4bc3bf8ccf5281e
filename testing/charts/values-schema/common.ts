import { z } from 'zod';

/** Pieces shared by the floe charts' values schemas. Every object is strict: an unknown (mistyped) key fails. */

export const quantity = z.union([z.string().regex(/^[0-9.]+[a-zA-Z]*$/), z.number().positive()]);

export const resources = z.strictObject({
  requests: z.strictObject({ cpu: quantity, memory: quantity }),
  limits: z.strictObject({ cpu: quantity, memory: quantity }),
});

/** An image with an immutable tag: `latest` and empty tags are refused. */
export const image = z.strictObject({
  repository: z.string().min(1),
  // Helm's JSON Schema regexes are RE2 (no lookahead), so `latest` is excluded with `not`.
  tag: z
    .string()
    .regex(/^[\w][\w.-]{0,127}$/)
    .refine((tag) => tag !== 'latest', 'an immutable tag, not latest')
    .meta({ not: { const: 'latest' } }),
});

export const secretName = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);

export const credentialModes = ['existingSecret', 'generate', 'externalSecret', 'sealedSecret', 'sops'] as const;

/** The credentials block of every floe chart (modes handled by charts/floe-common/templates/_credentials.tpl). */
export function credentials<N extends z.ZodRawShape>(names: N, extra: z.ZodRawShape = {}) {
  return z.strictObject({
    mode: z.enum(credentialModes),
    names: z.strictObject(names),
    externalSecret: z.strictObject({
      secretStoreRef: z.strictObject({
        name: z.string(),
        kind: z.enum(['SecretStore', 'ClusterSecretStore']),
      }),
      remoteKeyPrefix: z.string().min(1),
      refreshInterval: z.string().regex(/^\d+[smh]$/),
    }),
    sealedSecret: z.strictObject({
      // ciphertext per Secret name and key
      encryptedData: z.record(z.string(), z.record(z.string(), z.string())),
    }),
    sops: z.strictObject({
      data: z.record(z.string(), z.record(z.string(), z.string())),
    }),
    ...extra,
  });
}

export const toggle = z.strictObject({ enabled: z.boolean() });

export const serviceMonitor = z.strictObject({
  enabled: z.boolean(),
  interval: z.string().regex(/^\d+[smh]$/),
  labels: z.record(z.string(), z.string()),
});

export const networkPolicy = z.strictObject({
  enabled: z.boolean(),
  allowedNamespaceLabels: z.record(z.string(), z.string()),
});

/**
 * Pull secrets for private registries (charts/floe-common/templates/_images.tpl, floe-common.images.pullSecrets):
 * Secret names, or {name} objects as Kubernetes writes them; both forms may be mixed.
 */
export const imagePullSecrets = z.array(z.union([secretName, z.strictObject({ name: secretName })]));

/**
 * Helm passes `global` to every chart. floe reads `global.imagePullSecrets` (set once in the umbrella); any other key
 * belongs to another chart of the tree and is let through.
 */
export const global = z.looseObject({ imagePullSecrets: imagePullSecrets.optional() }).optional();

/**
 * The values of the library chart floe-common, a dependency of every floe chart. It takes none, but Helm adds an
 * entry for every dependency (holding only `global`), so the key must be allowed; anything set in it is refused.
 */
export const floeCommon = z.strictObject({ global }).optional();

export const persistence = z.strictObject({
  enabled: z.boolean(),
  size: z.string().regex(/^\d+(Mi|Gi|Ti)$/),
  storageClass: z.string(),
});

export const configFile = z.strictObject({
  content: z.string(),
  existingConfigMap: z.string(),
  configMapName: secretName,
});
