import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CheckContext, CheckDefinition, CheckOutcome } from '../contract.js';
import { CheckFailure } from '../failure.js';
import { type HttpResponse, httpRequest, httpStatusFailure, oneLine } from '../net/http.js';
import { fetchClientCredentialsToken } from '../net/oauth2.js';
import type { RestCatalogProfile } from '../profiles.js';

export type RestCatalogTarget = RestCatalogProfile & { layers?: string[] };

const configResponse = z.looseObject({
  defaults: z.record(z.string(), z.string()).optional(),
  overrides: z.record(z.string(), z.string()).optional(),
});

const errorMessage = (r: HttpResponse) => {
  try {
    const e = (JSON.parse(r.text) as { error?: { message?: unknown } }).error;
    return typeof e?.message === 'string' ? e.message : oneLine(r.text).slice(0, 160);
  } catch {
    return oneLine(r.text).slice(0, 160);
  }
};

export const restCatalogCheck: CheckDefinition<RestCatalogTarget> = {
  id: 'catalog.rest',
  group: 'catalog',
  secretRefs: (p) => (p.oauth2 ? [p.oauth2.client_secret] : []),
  async run(profile, ctx) {
    const base = profile.uri.replace(/\/+$/, '');
    const details: Record<string, unknown> = { uri: base, warehouse: profile.warehouse, steps: [] as string[] };
    const steps = details.steps as string[];
    const headers: Record<string, string> = { accept: 'application/json' };
    if (profile.oauth2) {
      const token = await fetchClientCredentialsToken(
        {
          tokenEndpoint: profile.oauth2.token_endpoint,
          clientId: profile.oauth2.client_id,
          clientSecret: ctx.secret(profile.oauth2.client_secret),
          scope: profile.oauth2.scope,
        },
        ctx,
        `${ctx.field}.oauth2`,
      );
      headers.authorization = `Bearer ${token}`;
      steps.push('token');
    }
    const call = (method: string, path: string, body?: unknown) =>
      httpRequest(
        `${base}${path}`,
        {
          method,
          headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        },
        ctx,
        `${ctx.field}.uri`,
      );

    const config = await call('GET', `/v1/config?warehouse=${encodeURIComponent(profile.warehouse)}`);
    if (config.status !== 200) throw configFailure(config, profile, ctx);
    const parsed = configResponse.safeParse(safeJson(config.text));
    if (!parsed.success) {
      throw new CheckFailure(
        'bad-response',
        `${base}/v1/config did not answer an Iceberg REST config`,
        `Point ${ctx.field}.uri at the catalog base URL (Polaris: http://host:8181/api/catalog).`,
        { details },
      );
    }
    steps.push('config');
    const prefix = profile.prefix ?? parsed.data.overrides?.prefix ?? parsed.data.defaults?.prefix;
    details.prefix = prefix ?? null;
    const root = prefix ? `/v1/${encodeURIComponent(prefix)}` : '/v1';

    const missing: string[] = [];
    for (const ns of profile.layers ?? []) {
      const r = await call('GET', `${root}/namespaces/${encodeURIComponent(ns)}`);
      if (r.status === 404) missing.push(ns);
      else if (r.status !== 200) throw catalogFailure(r, `read namespace "${ns}"`, ctx);
    }
    steps.push('namespaces');
    details.missing_namespaces = missing;

    if (ctx.deep) {
      await scratchRoundTrip(call, root, ctx);
      steps.push('create-drop-table');
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
  call: (method: string, path: string, body?: unknown) => Promise<HttpResponse>,
  root: string,
  ctx: CheckContext,
): Promise<void> {
  const ns = `floe_preflight_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  const created = await call('POST', `${root}/namespaces`, { namespace: [ns], properties: {} });
  if (created.status !== 200) throw catalogFailure(created, `create scratch namespace ${ns}`, ctx, true);
  try {
    const table = await call('POST', `${root}/namespaces/${ns}/tables`, {
      name: 'probe',
      schema: { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'id', required: false, type: 'long' }] },
    });
    if (table.status !== 200) throw catalogFailure(table, `create table ${ns}.probe`, ctx, true);
    const dropped = await call('DELETE', `${root}/namespaces/${ns}/tables/probe?purgeRequested=true`);
    if (dropped.status !== 204 && dropped.status !== 200)
      throw catalogFailure(dropped, `drop table ${ns}.probe`, ctx, true);
  } finally {
    await call('DELETE', `${root}/namespaces/${ns}`).catch(() => undefined);
  }
}

/** An Iceberg REST error document (`{"error": {...}}`), as opposed to a web server's own 404 page. */
function isIcebergError(r: HttpResponse): boolean {
  const json = safeJson(r.text) as { error?: unknown } | undefined;
  return typeof json?.error === 'object' && json.error !== null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function configFailure(r: HttpResponse, profile: RestCatalogTarget, ctx: CheckContext): CheckFailure {
  const message = errorMessage(r);
  if (r.status === 401) {
    return new CheckFailure(
      'unauthorized',
      `the catalog rejected the bearer token (HTTP 401): ${message}`,
      profile.oauth2
        ? `The token from ${ctx.field}.oauth2.token_endpoint is not accepted by the catalog: use the catalog's own token endpoint (Polaris: <uri>/v1/oauth/tokens).`
        : `The catalog needs authentication: configure ${ctx.field}.oauth2.`,
      { details: { http_status: 401 } },
    );
  }
  if (r.status === 403) {
    return new CheckFailure(
      'forbidden',
      `the principal may not use warehouse "${profile.warehouse}" (HTTP 403): ${message}`,
      `Grant the principal role a catalog role on "${profile.warehouse}" (Polaris: CATALOG_MANAGE_CONTENT).`,
      { details: { http_status: 403 } },
    );
  }
  if (
    (r.status === 404 || r.status === 400) &&
    isIcebergError(r) &&
    !/no route/i.test(message) &&
    /warehouse|catalog/i.test(message)
  ) {
    return new CheckFailure(
      'not-found',
      `warehouse "${profile.warehouse}" is unknown to the catalog: ${message}`,
      `Create the catalog/warehouse "${profile.warehouse}" (Polaris: a catalog of that name) or correct ${ctx.field}.warehouse.`,
      { details: { http_status: r.status } },
    );
  }
  if (r.status === 404 || /no route/i.test(message)) {
    return new CheckFailure(
      'not-found',
      `${profile.uri}/v1/config not found (HTTP ${r.status}: ${message}): not an Iceberg REST catalog base URL`,
      `Correct ${ctx.field}.uri (Polaris: http://host:8181/api/catalog, without /v1).`,
      { details: { http_status: r.status } },
    );
  }
  return httpStatusFailure(r, 'the REST catalog', `${ctx.field}.uri`, `${ctx.field}.oauth2`);
}

function catalogFailure(r: HttpResponse, action: string, ctx: CheckContext, deep = false): CheckFailure {
  if (r.status === 403) {
    return new CheckFailure(
      deep ? 'read-only' : 'forbidden',
      `the principal may not ${action} (HTTP 403): ${errorMessage(r)}`,
      deep
        ? 'Grant the principal role CATALOG_MANAGE_CONTENT (create namespaces and tables) on the catalog; floe creates tables when it publishes.'
        : 'Grant the principal role read access (NAMESPACE_LIST / TABLE_READ_DATA) on the catalog.',
      { details: { http_status: 403 } },
    );
  }
  return httpStatusFailure(r, `the REST catalog (${action})`, `${ctx.field}.uri`, `${ctx.field}.oauth2`);
}
