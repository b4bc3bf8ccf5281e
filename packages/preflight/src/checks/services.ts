import type { CheckContext, CheckDefinition, CheckOutcome } from '../contract.js';
import { CheckFailure } from '../failure.js';
import { httpRequest, httpStatusFailure, oneLine } from '../net/http.js';

export interface ServiceEndpoint {
  url: string;
  /** Secret references sent as headers (OTLP headers, OpenLineage API key). */
  headers?: Record<string, string>;
  /** Secret reference sent as `Authorization: Bearer ...`. */
  bearer?: string | undefined;
}

const join = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;

function headersOf(endpoint: ServiceEndpoint, ctx: CheckContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, ref] of Object.entries(endpoint.headers ?? {})) out[name] = ctx.secret(ref);
  if (endpoint.bearer) out.authorization = `Bearer ${ctx.secret(endpoint.bearer)}`;
  return out;
}

/** Cube: GET /readyz must answer 200. */
export const cubeCheck: CheckDefinition<ServiceEndpoint> = {
  id: 'services.cube',
  group: 'services',
  secretRefs: () => [],
  async run(endpoint, ctx) {
    const url = join(endpoint.url, '/readyz');
    const response = await httpRequest(url, {}, ctx, `${ctx.field}.url`);
    if (response.status !== 200) {
      if (response.status === 500 || response.status === 503) {
        throw new CheckFailure(
          'unavailable',
          `Cube is up but not ready (HTTP ${response.status}): ${oneLine(response.text).slice(0, 160)}`,
          'Check the Cube logs: usually its data source (DuckDB/Iceberg) or schema files fail to load.',
        );
      }
      throw httpStatusFailure(response, 'Cube /readyz', `${ctx.field}.url`, 'the Cube API secret');
    }
    return { status: 'ok', message: `Cube ready at ${url}`, details: { url } };
  },
};

/** Dagster: the GraphQL endpoint answers `{ version }`. */
export const dagsterCheck: CheckDefinition<ServiceEndpoint> = {
  id: 'services.dagster',
  group: 'services',
  secretRefs: () => [],
  async run(endpoint, ctx) {
    const url = join(endpoint.url, '/graphql');
    const response = await httpRequest(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ version }' }),
      },
      ctx,
      `${ctx.field}.url`,
    );
    if (response.status !== 200)
      throw httpStatusFailure(response, 'Dagster GraphQL', `${ctx.field}.url`, 'the Dagster credentials');
    let version: unknown;
    try {
      version = (JSON.parse(response.text) as { data?: { version?: unknown } }).data?.version;
    } catch {
      version = undefined;
    }
    if (typeof version !== 'string') {
      throw new CheckFailure(
        'bad-response',
        `${url} answered, but not with Dagster's GraphQL API`,
        `Point ${ctx.field}.url at the Dagster webserver (port 3000 by default).`,
      );
    }
    return { status: 'ok', message: `Dagster ${version} GraphQL at ${url}`, details: { url, version } };
  },
};

/** OTLP over HTTP: an empty trace export must be accepted (2xx) — or at least understood (400). */
export const otlpCheck: CheckDefinition<ServiceEndpoint & { protocol: string }> = {
  id: 'services.otlp',
  group: 'services',
  secretRefs: (e) => [...Object.values(e.headers ?? {}), ...(e.bearer ? [e.bearer] : [])],
  async run(endpoint, ctx) {
    if (endpoint.protocol === 'grpc') return tcpOnly(endpoint, ctx);
    const url = endpoint.url.replace(/\/+$/, '').endsWith('/v1/traces')
      ? endpoint.url
      : join(endpoint.url, '/v1/traces');
    const response = await httpRequest(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headersOf(endpoint, ctx) },
        body: '{"resourceSpans":[]}',
      },
      ctx,
      `${ctx.field}.endpoint`,
    );
    if (response.status >= 200 && response.status < 300) {
      return { status: 'ok', message: `OTLP collector accepted an empty export at ${url}`, details: { url } };
    }
    throw httpStatusFailure(response, 'OTLP endpoint', `${ctx.field}.endpoint`, `${ctx.field}.headers`);
  },
};

async function tcpOnly(endpoint: ServiceEndpoint, ctx: CheckContext): Promise<CheckOutcome> {
  // gRPC needs HTTP/2; a successful HTTP/1 connection proves reachability only.
  const response = await httpRequest(endpoint.url, { method: 'GET' }, ctx, `${ctx.field}.endpoint`).catch(
    (error: unknown) => {
      if (error instanceof CheckFailure && (error.kind === 'reset' || error.kind === 'bad-response')) return undefined;
      throw error;
    },
  );
  return {
    status: 'warning',
    message: `OTLP gRPC endpoint ${endpoint.url} is reachable${response ? ` (HTTP ${response.status})` : ''}; export itself not verified`,
    remediation:
      'Preflight verifies OTLP exports over http/protobuf only; use protocol http/protobuf for a full check.',
    details: { url: endpoint.url },
  };
}

/** OpenLineage (Marquez): the lineage endpoint is there and accepts the credentials. */
export const openlineageCheck: CheckDefinition<ServiceEndpoint> = {
  id: 'services.openlineage',
  group: 'services',
  secretRefs: (e) => [...Object.values(e.headers ?? {}), ...(e.bearer ? [e.bearer] : [])],
  async run(endpoint, ctx) {
    const url = join(endpoint.url, '/api/v1/namespaces');
    const response = await httpRequest(url, { headers: headersOf(endpoint, ctx) }, ctx, `${ctx.field}.url`);
    if (response.status !== 200)
      throw httpStatusFailure(response, 'OpenLineage endpoint', `${ctx.field}.url`, `${ctx.field}.api_key`);
    return { status: 'ok', message: `OpenLineage/Marquez API at ${endpoint.url}`, details: { url } };
  },
};
