import { z } from 'zod';

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/);

/** FLOE_POLARIS_INIT_CONFIG, rendered by charts/floe-infrastructure/templates/job-polaris-init.yaml. */
export const initConfigSchema = z.strictObject({
  catalog: name,
  baseLocation: z.string().regex(/^s3:\/\/[^/]+/, 'an s3:// location'),
  s3: z.strictObject({
    endpoint: z.url(),
    region: z.string().min(1),
    pathStyleAccess: z.boolean(),
    stsUnavailable: z.boolean(),
  }),
  namespaces: z.array(name).min(1),
  principal: name,
  principalRole: name,
  catalogRole: name,
  privileges: z.array(z.string().regex(/^[A-Z_]+$/)).min(1),
  secret: z.strictObject({ name: z.string().min(1), namespace: z.string().min(1) }),
});
export type InitConfig = z.infer<typeof initConfigSchema>;

export interface Connection {
  url: string;
  realm: string;
  clientId: string;
  clientSecret: string;
}

/** Reads the job's environment; errors name the variable and never echo a value. */
export function readEnvironment(env: Record<string, string | undefined>): {
  config: InitConfig;
  connection: Connection;
} {
  const need = (key: string): string => {
    const value = env[key];
    if (!value) throw new Error(`environment variable ${key} is not set`);
    return value;
  };
  let raw: unknown;
  try {
    raw = JSON.parse(need('FLOE_POLARIS_INIT_CONFIG'));
  } catch (error) {
    throw new Error(`FLOE_POLARIS_INIT_CONFIG is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = initConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`FLOE_POLARIS_INIT_CONFIG is invalid: ${issues}`);
  }
  return {
    config: parsed.data,
    connection: {
      url: need('POLARIS_URL').replace(/\/+$/, ''),
      realm: env.POLARIS_REALM ?? 'POLARIS',
      clientId: need('POLARIS_ROOT_CLIENT_ID'),
      clientSecret: need('POLARIS_ROOT_CLIENT_SECRET'),
    },
  };
}
