import { z } from 'zod';
import type { FileIO } from '../../io/file-io.js';

/**
 * Options of the REST catalog client. Property names follow floe's camelCase; the comments give
 * the Iceberg/PyIceberg catalog property each corresponds to.
 */
export const restCatalogOptionsSchema = z.object({
  /** Catalog name (only used in messages). */
  name: z.string().min(1).default('rest'),
  /** `uri`: base URI of the catalog service, without the `/v1` suffix. */
  uri: z.url({ protocol: /^https?$/ }),
  /** `warehouse`: sent to `GET /v1/config?warehouse=` (Polaris: the catalog name). */
  warehouse: z.string().min(1).optional(),
  /** `prefix`: path prefix after `/v1`, used unless the server's config overrides it. */
  prefix: z.string().min(1).optional(),
  /** `credential` (`client_id:client_secret`): OAuth2 client-credentials grant. */
  credential: z
    .object({ clientId: z.string().min(1), clientSecret: z.string().min(1) })
    .strict()
    .optional(),
  /** `token`: a static bearer token (used when no credential is given). */
  token: z.string().min(1).optional(),
  /** `oauth2-server-uri`: token endpoint. Default `<uri>/v1/oauth/tokens`. */
  oauth2ServerUri: z.url({ protocol: /^https?$/ }).optional(),
  /** `scope`: OAuth2 scope. Polaris expects `PRINCIPAL_ROLE:ALL` (or a role name). */
  scope: z.string().min(1).default('catalog'),
  /** How the client authenticates at the token endpoint: form fields (default) or HTTP Basic. */
  clientAuth: z.enum(['body', 'basic']).default('body'),
  /** Extra HTTP headers sent with every catalog request (`header.*` properties). */
  headers: z.record(z.string(), z.string()).default({}),
  /** Per-request timeout in milliseconds. */
  timeoutMs: z.number().int().positive().default(30_000),
  /**
   * `X-Iceberg-Access-Delegation`: ask the catalog to vend storage credentials with each table
   * (`vended-credentials`, Polaris). Without vended credentials floe uses `storage` below.
   */
  accessDelegation: z.enum(['vended-credentials']).optional(),
  /** The client's own storage properties (`s3.*`, `gcs.*`, `adls.*`), below what the catalog returns. */
  storage: z.record(z.string(), z.string()).default({}),
});

export type RestCatalogOptionsInput = z.input<typeof restCatalogOptionsSchema> & {
  /** Storage for table files by location; default: the FileIO registry with the catalog's storage properties. */
  fileIO?: (location: string) => FileIO;
  /** Replaceable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
};

export type RestCatalogOptions = z.output<typeof restCatalogOptionsSchema>;
