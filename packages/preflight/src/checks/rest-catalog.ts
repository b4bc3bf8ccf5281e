import { randomUUID } from 'node:crypto';
import { isSecretRef } from '@floe/core';
import type { IcebergError, Namespace, RestCatalog, RestCatalogOptionsInput, Schema } from '@floe/iceberg';
import type { CheckContext, CheckDefinition, CheckOutcome } from '../contract.js';
import { CheckFailure, type Endpoint, toFailure } from '../failure.js';
import { httpStatusFailure, originOf } from '../net/http.js';
import type { RestCatalogProfile } from '../profiles.js';

export type RestCatalogTarget = RestCatalogProfile & { layers?: string[] };

/** Polaris's scope, the platform schema's default for `catalogs.<name>.oauth2.scope`. */
const DEFAULT_SCOPE = 'PRINCIPAL_ROLE:ALL';

/**
 * The options floe's REST catalog client (`connectRestCatalog` of @floe/iceberg) gets for a catalog
 * profile: the check connects with exactly these, so it meets the catalog as the runtime does.
 */
export function restCatalogClientOptions(
  profile: RestCatalogProfile,
  secret: (ref: string) => string,
  name = 'rest',
): RestCatalogOptionsInput {
  return {
    name,
    uri: profile.uri,
    warehouse: profile.warehouse,
    ...(profile.prefix ? { prefix: profile.prefix } : {}),
    ...(profile.oauth2
      ? {
          credential: {
            clientId: isSecretRef(profile.oauth2.client_id)
              ? secret(profile.oauth2.client_id)
              : profile.oauth2.client_id,
            clientSecret: secret(profile.oauth2.client_secret),
          },
          oauth2ServerUri: profile.oauth2.token_endpoint,
          scope: profile.oauth2.scope ?? DEFAULT_SCOPE,
        }
      : {}),
  };
}

let iceberg: Promise<typeof import('@floe/iceberg')> | undefined;
/** @floe/iceberg, loaded on first use (importing it takes a good part of a second, too long for every command). */
const loadIceberg = () => {
  iceberg ??= import('@floe/iceberg');
  return iceberg;
};

/** The global fetch, also cancelled when the check's time is up (the client adds its own per-request timeout). */
function fetchWithin(signal: AbortSignal): typeof fetch {
  return (input, init) =>
    fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
}

export const restCatalogCheck: CheckDefinition<RestCatalogTarget> = {
  id: 'catalog.rest',
  group: 'catalog',
  secretRefs: (p) =>
    p.oauth2 ? [p.oauth2.client_secret, ...(isSecretRef(p.oauth2.client_id) ? [p.oauth2.client_id] : [])] : [],
  async prepare() {
    await loadIceberg();
  },
  async run(profile, ctx) {
    const base = profile.uri.replace(/\/+$/, '');
    const steps: string[] = [];
    const details: Record<string, unknown> = { uri: base, warehouse: profile.warehouse, steps };
    const { connectRestCatalog, schemaFromColumns } = await loadIceberg();

    let catalog: RestCatalog;
    try {
      catalog = await connectRestCatalog({
        ...restCatalogClientOptions(profile, (ref) => ctx.secret(ref), ctx.field),
        timeoutMs: Math.max(1, Math.ceil(ctx.timeoutMs)),
        fetch: fetchWithin(ctx.signal),
      });
    } catch (error) {
      throw connectFailure(error, profile, ctx);
    }
    if (profile.oauth2) steps.push('token');
    steps.push('config');
    const prefix = catalog.config.prefix;
    details.prefix = prefix ?? null;

    const missing: string[] = [];
    try {
      let listed: Namespace[];
      try {
        listed = await catalog.listNamespaces();
      } catch (error) {
        throw catalogFailure(error, 'list namespaces', profile, ctx);
      }
      steps.push('namespaces');
      details.namespaces_listed = listed.length;
      const present = new Set(listed.filter((ns) => ns.length === 1).map((ns) => ns[0]));
      for (const ns of profile.layers ?? []) if (!present.has(ns)) missing.push(ns);
      details.missing_namespaces = missing;

      if (ctx.deep) {
        await scratchRoundTrip(catalog, schemaFromColumns([{ name: 'id', type: 'long' }]), profile, ctx);
        steps.push('create-drop-table');
      }
    } finally {
      await catalog.close();
    }

    const present = (profile.layers ?? []).filter((ns) => !missing.includes(ns));
    const summary = `token ${profile.oauth2 ? 'ok, ' : ''}config ok${prefix ? ` (prefix ${prefix})` : ''}; namespaces present: ${present.join(', ') || 'none'}`;
    if (missing.length > 0 && !ctx.deep) {
      return {
        status: 'warning',
        message: `${summary}; missing: ${missing.join(', ')}`,
        remediation: `Create namespace(s) ${missing.join(', ')} in warehouse "${profile.warehouse}", or run with --deep to prove floe may create namespaces and tables.`,
        details,
      } satisfies CheckOutcome;
    }
    const deepNote = ctx.deep ? '; scratch namespace + table created and dropped' : '';
    const missingNote = missing.length > 0 ? `; ${missing.join(', ')} not yet created (floe may create them)` : '';
    return { status: 'ok', message: `${summary}${missingNote}${deepNote}`, details };
  },
};

async function scratchRoundTrip(
  catalog: RestCatalog,
  schema: Schema,
  profile: RestCatalogTarget,
  ctx: CheckContext,
): Promise<void> {
  const ns = [`floe_preflight_${randomUUID().replaceAll('-', '').slice(0, 10)}`];
  const table = { namespace: ns, name: 'probe' };
  const step = async (action: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (error) {
      throw catalogFailure(error, action, profile, ctx, true);
    }
  };
  await step(`create scratch namespace ${ns[0]}`, () => catalog.createNamespace(ns));
  try {
    await step(`create table ${ns[0]}.probe`, () => catalog.createTable(table, { schema }));
    await step(`drop table ${ns[0]}.probe`, () => catalog.dropTable(table, { purge: true }));
  } finally {
    await catalog.dropNamespace(ns).catch(() => undefined);
  }
}

/** An IcebergError of the REST client (matched by shape: @floe/iceberg is loaded on use). */
function asIcebergError(error: unknown): IcebergError | undefined {
  return error instanceof Error &&
    error.name === 'IcebergError' &&
    typeof (error as Partial<IcebergError>).kind === 'string' &&
    typeof (error as Partial<IcebergError>).context === 'object'
    ? (error as IcebergError)
    : undefined;
}

/** The HTTP status the client's error carries (undefined: no HTTP answer, or not an HTTP error). */
function statusOf(error: IcebergError): number | undefined {
  const status = error.context.status;
  return status === undefined ? undefined : Number(status);
}

/** What the server said, without the client's own wording around it ('' if it said nothing readable). */
function serverMessage(error: IcebergError): string {
  const said = /^(?:REST catalog request failed with HTTP \d+|OAuth2 token request was rejected): (.*)$/s.exec(
    error.message,
  )?.[1];
  return said === undefined || /^HTTP \d+$/.test(said) ? '' : said;
}

/** Adds what the client reported (error kind, HTTP status) to a failure's details. */
function withClientDetails(failure: CheckFailure, error: IcebergError): CheckFailure {
  const status = statusOf(error);
  return new CheckFailure(failure.kind, failure.message, failure.remediation, {
    details: { ...failure.details, error_kind: error.kind, ...(status === undefined ? {} : { http_status: status }) },
    status: failure.status,
  });
}

/** A request that got no HTTP answer (DNS, refused, TLS, timeout, reset), at the endpoint it was sent to. */
function transportFailure(error: IcebergError, at: Endpoint, ctx: CheckContext): CheckFailure | undefined {
  if (statusOf(error) !== undefined || error.kind !== 'ServiceUnavailable' || error.cause === undefined) {
    return undefined;
  }
  return toFailure(error.cause, at, ctx.signal, ctx.timeoutMs, `Check that ${at.field} points at the right service.`);
}

/** An HTTP status the check has no specific text for: the generic per-status failure of every check. */
function statusFailure(status: number, error: IcebergError, what: string, field: string, credentials: string) {
  return httpStatusFailure({ status, headers: new Headers(), text: serverMessage(error) }, what, field, credentials);
}

function connectFailure(error: unknown, profile: RestCatalogTarget, ctx: CheckContext): unknown {
  const e = asIcebergError(error);
  if (!e) return error;
  const failure =
    e.context.tokenEndpoint !== undefined ? tokenFailure(e, profile, ctx) : configFailure(e, profile, ctx);
  return withClientDetails(failure, e);
}

/** The OAuth2 client-credentials grant failed: a rejected client, a bad scope and a broken endpoint differ. */
function tokenFailure(e: IcebergError, profile: RestCatalogTarget, ctx: CheckContext): CheckFailure {
  const field = `${ctx.field}.oauth2`;
  const endpoint = e.context.tokenEndpoint ?? profile.oauth2?.token_endpoint ?? '';
  const transport = transportFailure(e, { address: originOf(endpoint), field: `${field}.token_endpoint` }, ctx);
  if (transport) return transport;
  const status = statusOf(e);
  const oauthError = e.context.oauthError;
  if (status === undefined || e.kind === 'Unexpected' || e.kind === 'FeatureUnsupported') {
    return new CheckFailure(
      'bad-response',
      e.kind === 'FeatureUnsupported'
        ? `the token endpoint answered an unusable token: ${e.message}`
        : 'the token endpoint answered without an access_token',
      `Check that ${field}.token_endpoint is an OAuth2 token endpoint.`,
    );
  }
  if (status === 401 || oauthError === 'invalid_client' || oauthError === 'unauthorized_client') {
    return new CheckFailure(
      'unauthorized',
      `the token endpoint rejected client "${profile.oauth2?.client_id ?? e.context.clientId}" (${oauthError ?? `HTTP ${status}`})`,
      `Check ${field}.client_id and the value behind ${field}.client_secret (Polaris: the principal's credentials; they change when rotated).`,
    );
  }
  if (oauthError === 'invalid_scope') {
    return new CheckFailure(
      'forbidden',
      `the token endpoint refused scope "${profile.oauth2?.scope ?? DEFAULT_SCOPE}"`,
      `Set ${field}.scope to a scope the client may request (Polaris: PRINCIPAL_ROLE:ALL).`,
    );
  }
  return statusFailure(status, e, 'OAuth2 token endpoint', `${field}.token_endpoint`, `${field}.client_secret`);
}

/** Options the client refused, by the platform field they came from. */
const OPTION_FIELDS: Record<string, string> = {
  uri: 'uri',
  warehouse: 'warehouse',
  prefix: 'prefix',
  oauth2ServerUri: 'oauth2.token_endpoint',
  'credential.clientId': 'oauth2.client_id',
  'credential.clientSecret': 'oauth2.client_secret',
  scope: 'oauth2.scope',
};

/** `GET /v1/config?warehouse=` failed: wrong base URL, unknown warehouse, a token the catalog refuses. */
function configFailure(e: IcebergError, profile: RestCatalogTarget, ctx: CheckContext): CheckFailure {
  const field = ctx.field;
  if (e.kind === 'DataInvalid' && e.context.field !== undefined) {
    const option = OPTION_FIELDS[e.context.field] ?? e.context.field;
    return new CheckFailure(
      'local',
      `the REST catalog client refused the configuration: ${e.message}`,
      option === 'oauth2.client_secret'
        ? `Check the value behind ${field}.oauth2.client_secret: it must not be empty.`
        : `Correct ${field}.${option}.`,
    );
  }
  const transport = transportFailure(e, { address: originOf(profile.uri), field: `${field}.uri` }, ctx);
  if (transport) return transport;
  const status = statusOf(e);
  if (status === undefined) {
    return new CheckFailure(
      'bad-response',
      `${profile.uri.replace(/\/+$/, '')}/v1/config did not answer an Iceberg REST config`,
      `Point ${field}.uri at the catalog base URL (Polaris: http://host:8181/api/catalog).`,
    );
  }
  const message = serverMessage(e);
  if (status === 401) {
    return new CheckFailure(
      'unauthorized',
      `the catalog rejected the bearer token (HTTP 401)${message ? `: ${message}` : ''}`,
      profile.oauth2
        ? `The token from ${field}.oauth2.token_endpoint is not accepted by the catalog: use the catalog's own token endpoint (Polaris: <uri>/v1/oauth/tokens).`
        : `The catalog needs authentication: configure ${field}.oauth2.`,
    );
  }
  if (status === 403) {
    return new CheckFailure(
      'forbidden',
      `the principal may not use warehouse "${profile.warehouse}" (HTTP 403)${message ? `: ${message}` : ''}`,
      `Grant the principal role a catalog role on "${profile.warehouse}" (Polaris: CATALOG_MANAGE_CONTENT).`,
    );
  }
  // An Iceberg error document naming the warehouse, as opposed to a web server's own 404 page.
  if ((status === 404 || status === 400) && !/no route/i.test(message) && /warehouse|catalog/i.test(message)) {
    return new CheckFailure(
      'not-found',
      `warehouse "${profile.warehouse}" is unknown to the catalog: ${message}`,
      `Create the catalog/warehouse "${profile.warehouse}" (Polaris: a catalog of that name) or correct ${field}.warehouse.`,
    );
  }
  if (status === 404 || /no route/i.test(message)) {
    return new CheckFailure(
      'not-found',
      `${profile.uri.replace(/\/+$/, '')}/v1/config not found (HTTP ${status}${message ? `: ${message}` : ''}): not an Iceberg REST catalog base URL`,
      `Correct ${field}.uri (Polaris: http://host:8181/api/catalog, without /v1).`,
    );
  }
  return statusFailure(status, e, 'the REST catalog', `${field}.uri`, `${field}.oauth2`);
}

/** A catalog call after config failed (listing namespaces; with --deep creating and dropping scratch objects). */
function catalogFailure(
  error: unknown,
  action: string,
  profile: RestCatalogTarget,
  ctx: CheckContext,
  deep = false,
): unknown {
  const e = asIcebergError(error);
  if (!e) return error;
  // A renewed token is fetched here when the catalog answered 401 to the first one.
  if (e.context.tokenEndpoint !== undefined) return withClientDetails(tokenFailure(e, profile, ctx), e);
  const transport = transportFailure(e, { address: originOf(profile.uri), field: `${ctx.field}.uri` }, ctx);
  if (transport) return withClientDetails(transport, e);
  const status = statusOf(e);
  const message = serverMessage(e);
  let failure: CheckFailure;
  if (status === 403) {
    failure = new CheckFailure(
      deep ? 'read-only' : 'forbidden',
      `the principal may not ${action} (HTTP 403)${message ? `: ${message}` : ''}`,
      deep
        ? 'Grant the principal role CATALOG_MANAGE_CONTENT (create namespaces and tables) on the catalog; floe creates tables when it publishes.'
        : 'Grant the principal role read access (NAMESPACE_LIST / TABLE_READ_DATA) on the catalog.',
    );
  } else if (status === undefined) {
    failure = new CheckFailure(
      'bad-response',
      `the REST catalog answered ${action} with something floe cannot read: ${e.message}`,
      `Check that ${ctx.field}.uri points at the right service and API version.`,
    );
  } else {
    failure = statusFailure(status, e, `the REST catalog (${action})`, `${ctx.field}.uri`, `${ctx.field}.oauth2`);
  }
  return withClientDetails(failure, e);
}
