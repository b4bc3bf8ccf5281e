import { z } from 'zod';
import { SECRET_REF_PATTERN } from '../secrets/ref.js';

export const API_VERSION = 'floe.dev/v1';

export const apiVersion = z.literal(API_VERSION).meta({ description: `Always "${API_VERSION}".` });

/** A profile, layer or object name: lower case, digits, `_` and `-`. */
export const profileName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, 'must start with a lower-case letter and use only a-z, 0-9, "_" and "-"');

/** An identifier usable as an Iceberg namespace, table or dbt model name. */
export const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be an identifier: letters, digits and "_", not starting with a digit');

export const secretRef = z
  .string()
  .regex(
    SECRET_REF_PATTERN,
    'must be a secret reference (env:NAME, file:/path or secret:<k8s-secret>/<key>), never a literal value',
  )
  .meta({
    description: 'A secret reference: env:NAME, file:/path or secret:<k8s-secret>/<key>. Resolved at run time only.',
    examples: ['env:FLOE_PG_PASSWORD', 'secret:floe-polaris/client-secret'],
  });

export const httpUrl = z
  .string()
  .regex(
    /^https?:\/\/([^\s/:@[\]]+|\[[0-9a-fA-F:.]+\])(:\d{1,5})?(\/\S*)?$/,
    'must be an http:// or https:// URL without credentials',
  );

export const port = z.number().int().min(1).max(65535);

export const host = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:]+\]$/, 'must be a host name or IP address');

/** A relative or absolute filesystem path; relative paths resolve against the project directory. */
export const fsPath = z
  .string()
  .min(1)
  .regex(/^[^\0]+$/, 'must not contain NUL')
  .meta({ description: 'A filesystem path; relative paths resolve against the project directory.' });

export const layerName = z.enum(['bronze', 'silver', 'gold']);
export type LayerName = z.infer<typeof layerName>;
export const LAYER_NAMES: readonly LayerName[] = ['bronze', 'silver', 'gold'];
