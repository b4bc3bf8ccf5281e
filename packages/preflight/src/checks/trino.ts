/**
 * compute.trino: proves floe can run queries on the configured Trino — the coordinator answers, it finished
 * starting, the credentials are accepted, a query is scheduled and returns rows, and the configured catalog
 * answers a metadata query through its connector.
 *
 * Why a small hand-written client of Trino's HTTP statement protocol and not `trino-client` (0.2.9, the Trino
 * project's JS client, which floe's tests use): its requests take no AbortSignal and no timeout (every request
 * is an axios call built inside the library), so a host that accepts connections and never answers would keep
 * a socket — and `floe preflight` — alive after the runner gave up on the check; it has no access to the
 * unauthenticated `/v1/info` that tells "starting" from "down"; and its errors are axios errors that carry the
 * request configuration, Basic password and Authorization header included. What preflight needs is one POST
 * and following `nextUri` (below), over `httpRequest`, which honours the check's signal, trusts a private CA
 * and scrubs credentials a server echoes.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { CheckContext, CheckDefinition } from '../contract.js';
import { CheckFailure, formatSeconds, isCheckFailure } from '../failure.js';
import { httpRequest, httpStatusFailure, oneLine } from '../net/http.js';
import type { TrinoComputeProfile } from '../profiles.js';

const statementResponse = z.looseObject({
  nextUri: z.string().optional(),
  data: z.array(z.array(z.unknown())).optional(),
  error: z
    .looseObject({ message: z.string(), errorName: z.string().optional(), errorType: z.string().optional() })
    .optional(),
});

const serverInfo = z.looseObject({
  nodeVersion: z.looseObject({ version: z.string() }),
  starting: z.boolean().optional(),
});

/** Trino error names that mean "up, but cannot run queries yet". */
const NOT_READY = new Set(['SERVER_STARTING_UP', 'NO_NODES_AVAILABLE']);

type AuthMethod = 'none' | 'password' | 'jwt';

/** How the check talks to one Trino coordinator. */
interface Session {
  base: string;
  field: string;
  user: string;
  headers: Record<string, string>;
  ca: string | undefined;
  auth: AuthMethod;
  /** The platform.yaml field holding the credential in use (for messages), e.g. `compute.trino.jwt_token`. */
  credentialField: string | undefined;
  /** JWT only: when the token expires (from its unverified `exp` claim; not secret), for a precise message. */
  jwtExpiresAt: Date | undefined;
  ctx: CheckContext;
  /** What the check is doing (`/v1/info` or the statement), for a timeout's message. */
  step: string;
}

export const trinoCheck: CheckDefinition<TrinoComputeProfile> = {
  id: 'compute.trino',
  group: 'compute',
  secretRefs: (p) => [p.password, p.jwt_token].filter((ref): ref is string => ref !== undefined),
  async run(profile, ctx) {
    const field = ctx.field;
    const base = `${profile.http_scheme}://${profile.host}:${profile.port}`;
    const ca = await readCaCertificate(profile, ctx);
    const headers: Record<string, string> = { 'x-trino-user': profile.user, 'x-trino-source': 'floe-preflight' };
    let auth: AuthMethod = 'none';
    let credentialField: string | undefined;
    let jwtExpiresAt: Date | undefined;
    // One method only (`floe compile` rejects both); should both arrive here, the JWT wins, as in the dbt profile.
    if (profile.jwt_token) {
      const token = ctx.secret(profile.jwt_token);
      headers.authorization = `Bearer ${token}`;
      auth = 'jwt';
      credentialField = `${field}.jwt_token`;
      jwtExpiresAt = jwtExpiry(token);
    } else if (profile.password) {
      headers.authorization = `Basic ${Buffer.from(`${profile.user}:${ctx.secret(profile.password)}`).toString('base64')}`;
      auth = 'password';
      credentialField = `${field}.password`;
    }
    const session: Session = {
      base,
      field,
      user: profile.user,
      headers,
      ca,
      auth,
      credentialField,
      jwtExpiresAt,
      ctx,
      step: '/v1/info',
    };
    const details: Record<string, unknown> = {
      url: base,
      user: profile.user,
      auth,
      tls: profile.http_scheme === 'https',
      ...(profile.ca_certificate ? { ca_certificate: profile.ca_certificate } : {}),
    };
    try {
      return await probe(session, profile, details);
    } catch (error) {
      if (isCheckFailure(error)) throw withTrinoRemediation(error, session, profile, details);
      throw error;
    }
  },
};

async function probe(
  s: Session,
  profile: TrinoComputeProfile,
  details: Record<string, unknown>,
): Promise<{ status: 'ok'; message: string; details: Record<string, unknown> }> {
  // 1. The coordinator answers (/v1/info needs no credentials) and says whether it finished starting.
  const info = await send(s, `${s.base}/v1/info`, { headers: s.headers });
  if (info.status === 401) throw unauthorized(s, '/v1/info');
  if (info.status !== 200) throw httpStatusFailure(info, 'Trino /v1/info', `${s.field}.host`, credentialsOf(s));
  const parsedInfo = serverInfo.safeParse(safeJson(info.text));
  if (!parsedInfo.success) {
    throw new CheckFailure(
      'bad-response',
      `${s.base}/v1/info is not a Trino coordinator`,
      `Point ${s.field}.host/port at the Trino coordinator (and ${s.field}.http_scheme at its protocol).`,
      { details },
    );
  }
  const version = parsedInfo.data.nodeVersion.version;
  details.version = version;
  if (parsedInfo.data.starting) throw notReady(version, 'SERVER_STARTING_UP', details);

  // 2. The credentials are accepted and the user may run queries; which catalogs the user sees.
  const catalogs = (await runStatement(s, 'SHOW CATALOGS', details)).map((row) => String(row[0]));
  details.catalogs = catalogs;

  // 3. A query is scheduled and returns rows (fails with NO_NODES_AVAILABLE while no worker is active).
  const nodes = await runStatement(
    s,
    "SELECT count(*), count_if(coordinator) FROM system.runtime.nodes WHERE state = 'active'",
    details,
  );
  const active = Number(nodes[0]?.[0]);
  if (!Number.isInteger(active) || active < 1) {
    throw new CheckFailure(
      'bad-response',
      `Trino ${version} answered the node scan with ${JSON.stringify(nodes)}`,
      'Check the Trino coordinator (system.runtime.nodes lists no active node).',
      { details },
    );
  }
  details.active_nodes = active;
  details.workers = active - Number(nodes[0]?.[1] ?? 0);

  // 4. The configured catalog exists for this user and its connector answers (a metadata round trip).
  const catalog = profile.catalog.toLowerCase();
  if (!catalogs.includes(catalog)) {
    throw new CheckFailure(
      'not-found',
      `catalog "${catalog}" is not visible to user "${s.user}" (visible: ${catalogs.join(', ') || 'none'})`,
      `Configure the catalog on the Trino cluster (etc/catalog/${catalog}.properties) or grant the user access, or correct ${s.field}.catalog.`,
      { details },
    );
  }
  const schemas = (await runStatement(s, `SHOW SCHEMAS FROM "${catalog}"`, details, `${s.field}.catalog`)).map((row) =>
    String(row[0]),
  );
  details.schemas = schemas.length;
  let schemaNote = '';
  if (profile.schema !== undefined) {
    const found = schemas.includes(profile.schema.toLowerCase());
    details.schema_exists = found;
    schemaNote = found ? `, schema "${profile.schema}" exists` : `, schema "${profile.schema}" not created yet`;
  }
  const how = s.auth === 'none' ? '' : ` (${s.auth === 'jwt' ? 'JWT' : 'password'} over ${profile.http_scheme})`;
  return {
    status: 'ok',
    message:
      `Trino ${version}: queries run as "${s.user}"${how} on ${active} active node${active === 1 ? '' : 's'}; ` +
      `catalog "${catalog}" answers (${schemas.length} schemas${schemaNote})`,
    details,
  };
}

/** Runs one statement to completion (following `nextUri`) and returns its rows. */
async function runStatement(
  s: Session,
  sql: string,
  details: Record<string, unknown>,
  errorField?: string,
): Promise<unknown[][]> {
  s.step = sql;
  let response = await send(s, `${s.base}/v1/statement`, { method: 'POST', headers: s.headers, body: sql });
  const rows: unknown[][] = [];
  for (let i = 0; i < 1000; i++) {
    if (response.status === 401) throw unauthorized(s, sql);
    if (response.status !== 200)
      throw httpStatusFailure(response, `Trino (${sql})`, `${s.field}.host`, credentialsOf(s));
    const parsed = statementResponse.safeParse(safeJson(response.text));
    if (!parsed.success)
      throw new CheckFailure(
        'bad-response',
        `Trino answered ${oneLine(response.text).slice(0, 120)}`,
        `Check that ${s.field}.host/port is the Trino coordinator.`,
        { details },
      );
    const error = parsed.data.error;
    if (error) throw queryFailure(s, sql, error, details, errorField);
    rows.push(...(parsed.data.data ?? []));
    if (!parsed.data.nextUri) return rows;
    response = await send(s, parsed.data.nextUri, { headers: s.headers });
  }
  throw new CheckFailure('bad-response', `Trino did not finish ${sql}`, 'Check the Trino coordinator.', { details });
}

function send(s: Session, url: string, request: { method?: string; headers: Record<string, string>; body?: string }) {
  return httpRequest(url, { ...request, ...(s.ca !== undefined ? { ca: s.ca } : {}) }, s.ctx, `${s.field}.host`);
}

function queryFailure(
  s: Session,
  sql: string,
  error: { message: string; errorName?: string | undefined },
  details: Record<string, unknown>,
  errorField: string | undefined,
): CheckFailure {
  const name = error.errorName ?? 'UNKNOWN';
  const withError = { details: { ...details, error_name: name } };
  if (NOT_READY.has(name)) return notReady(String(details.version ?? ''), name, details);
  if (name === 'PERMISSION_DENIED')
    return new CheckFailure(
      'forbidden',
      `Trino denied user "${s.user}": ${error.message}`,
      `Grant user "${s.user}" access in Trino's access control (the query was: ${sql}), or correct ${s.field}.user.`,
      withError,
    );
  if (name === 'CATALOG_NOT_FOUND')
    return new CheckFailure(
      'not-found',
      `Trino: ${error.message}`,
      `Configure the catalog on the Trino cluster or correct ${s.field}.catalog.`,
      withError,
    );
  return new CheckFailure(
    'bad-response',
    `Trino failed ${sql}: ${name}: ${error.message}`,
    errorField
      ? `Trino could not use the catalog in ${errorField}: check its connector (etc/catalog/<catalog>.properties) and the service behind it (the Iceberg catalog, object storage).`
      : 'See the Trino error above and the coordinator log.',
    withError,
  );
}

function notReady(version: string, errorName: string, details: Record<string, unknown>): CheckFailure {
  const starting = errorName === 'SERVER_STARTING_UP';
  const what = version ? `Trino ${version}` : 'Trino';
  return new CheckFailure(
    'unavailable',
    starting
      ? `${what} is still starting: it answers but cannot run queries yet`
      : `${what} is up but has no active worker node to run queries on (NO_NODES_AVAILABLE)`,
    starting
      ? 'Wait until the coordinator has finished starting (usually under a minute), then run preflight again.'
      : 'Wait for the workers to start and register with the coordinator, then run preflight again; if none are ' +
          'deployed, start workers or set node-scheduler.include-coordinator=true.',
    { details: { ...details, state: starting ? 'starting' : 'no-nodes', error_name: errorName } },
  );
}

function credentialsOf(s: Session): string {
  return s.credentialField ?? `${s.field}.password or ${s.field}.jwt_token`;
}

function unauthorized(s: Session, what: string): CheckFailure {
  const details = { http_status: 401, auth: s.auth };
  if (s.auth === 'none') {
    return new CheckFailure(
      'unauthorized',
      `Trino requires authentication (HTTP 401 on ${what}) and ${s.field} configures none`,
      `Set ${s.field}.password (password authentication) or ${s.field}.jwt_token (JWT) to a secret reference; both need https.`,
      { details },
    );
  }
  if (s.auth === 'jwt') {
    const expired = s.jwtExpiresAt !== undefined && s.jwtExpiresAt.getTime() <= Date.now();
    return new CheckFailure(
      'unauthorized',
      expired
        ? `Trino rejected the JWT of user "${s.user}" (HTTP 401): the token expired at ${s.jwtExpiresAt?.toISOString()}`
        : `Trino rejected the JWT of user "${s.user}" (HTTP 401)`,
      expired
        ? `Issue a new token and update the value behind ${s.field}.jwt_token.`
        : `Check the value behind ${s.field}.jwt_token: it must be signed by a key Trino trusts ` +
            '(http-server.authentication.jwt.key-file), unexpired, and name the user as its subject.',
      { details: expired ? { ...details, jwt_expired: true } : details },
    );
  }
  return new CheckFailure(
    'unauthorized',
    `Trino rejected the password of user "${s.user}" (HTTP 401)`,
    `Check ${s.field}.user and the value behind ${s.field}.password (password authentication needs https).`,
    { details },
  );
}

/** TLS failures get a remediation naming the Trino profile's own fields. */
function withTrinoRemediation(
  failure: CheckFailure,
  s: Session,
  profile: TrinoComputeProfile,
  details: Record<string, unknown>,
): CheckFailure {
  if (failure.kind === 'refused') {
    return new CheckFailure(
      failure.kind,
      failure.message,
      `Start Trino or correct ${s.field}.host and ${s.field}.port (now ${profile.host}:${profile.port}); ` +
        'a port-forward may have stopped.',
      { details: { ...details, ...failure.details }, status: failure.status },
    );
  }
  if (failure.kind === 'timeout' && s.step !== '/v1/info') {
    // The coordinator answered /v1/info; a query then did not finish in time (first queries after a start
    // are slow, or the cluster is overloaded or waiting for workers).
    return new CheckFailure(
      'timeout',
      `Trino ${String(details.version ?? '')} answered /v1/info, but ${s.step} did not finish within ${formatSeconds(s.ctx.timeoutMs)}`,
      'Trino may still be warming up after a start, be overloaded, or wait for workers: run preflight again, ' +
        'raise --timeout, or check the coordinator (its web UI lists queued queries).',
      { details: { ...details, ...failure.details, step: s.step }, status: failure.status },
    );
  }
  if (failure.kind !== 'tls') return failure;
  const code = failure.details.tls_code;
  const remediation =
    code === 'ERR_TLS_CERT_ALTNAME_INVALID'
      ? `Set ${s.field}.host to a name the certificate of Trino is issued for.`
      : code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO'
        ? `Check ${s.field}.http_scheme and ${s.field}.port: the port does not speak ${profile.http_scheme}.`
        : profile.ca_certificate
          ? `The certificate of Trino is not signed by the CA in ${s.field}.ca_certificate (${profile.ca_certificate}); ` +
            'point it at the PEM of the CA that signed the certificate.'
          : `Set ${s.field}.ca_certificate to the PEM file of the CA that signed the certificate of Trino ` +
            '(a private CA), relative to the project.';
  return new CheckFailure(failure.kind, failure.message, remediation, {
    details: { ...details, ...failure.details },
    status: failure.status,
  });
}

/** Reads and validates `ca_certificate` (https only); undefined when none is configured. */
async function readCaCertificate(profile: TrinoComputeProfile, ctx: CheckContext): Promise<string | undefined> {
  if (profile.ca_certificate === undefined) return undefined;
  const field = `${ctx.field}.ca_certificate`;
  if (profile.http_scheme !== 'https') {
    throw new CheckFailure(
      'local',
      `${field} is set but ${ctx.field}.http_scheme is http (a CA certificate only applies to https)`,
      `Set ${ctx.field}.http_scheme to https, or remove ${field}.`,
    );
  }
  const path = resolve(ctx.projectDir, profile.ca_certificate);
  let pem: string;
  try {
    pem = await readFile(path, { encoding: 'utf8', signal: ctx.signal });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new CheckFailure(
      'local',
      `cannot read ${field} (${path}): ${typeof code === 'string' ? code : String(error)}`,
      `Point ${field} at the PEM file of the CA that signed the certificate of Trino (relative to the project).`,
    );
  }
  try {
    new X509Certificate(pem);
  } catch {
    throw new CheckFailure(
      'local',
      `${field} (${path}) is not a PEM certificate`,
      `Point ${field} at the CA certificate in PEM form (-----BEGIN CERTIFICATE-----).`,
    );
  }
  return pem;
}

/** The `exp` claim of a JWT (not verified: only to say "expired" precisely); undefined when absent or unreadable. */
function jwtExpiry(token: string): Date | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  const parsed = z
    .looseObject({ exp: z.number() })
    .safeParse(safeJson(Buffer.from(payload, 'base64url').toString('utf8')));
  return parsed.success ? new Date(parsed.data.exp * 1000) : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
