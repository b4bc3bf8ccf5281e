import { z } from 'zod';
import type { CheckContext, CheckDefinition } from '../contract.js';
import { CheckFailure } from '../failure.js';
import { httpRequest, httpStatusFailure, oneLine } from '../net/http.js';
import type { TrinoComputeProfile } from '../profiles.js';

const statementResponse = z.looseObject({
  nextUri: z.string().optional(),
  data: z.array(z.array(z.unknown())).optional(),
  error: z
    .looseObject({ message: z.string(), errorName: z.string().optional(), errorType: z.string().optional() })
    .optional(),
});

export const trinoCheck: CheckDefinition<TrinoComputeProfile> = {
  id: 'compute.trino',
  group: 'compute',
  secretRefs: (p) => (p.password ? [p.password] : []),
  async run(profile, ctx) {
    const base = `${profile.http_scheme}://${profile.host}:${profile.port}`;
    const field = ctx.field;
    const headers: Record<string, string> = { 'x-trino-user': profile.user, 'x-trino-source': 'floe-preflight' };
    if (profile.password) {
      headers.authorization = `Basic ${Buffer.from(`${profile.user}:${ctx.secret(profile.password)}`).toString('base64')}`;
    }
    const info = await httpRequest(`${base}/v1/info`, { headers }, ctx, `${field}.host`);
    if (info.status !== 200) throw httpStatusFailure(info, 'Trino /v1/info', `${field}.host`, `${field}.password`);
    const parsedInfo = z
      .looseObject({ nodeVersion: z.looseObject({ version: z.string() }), starting: z.boolean().optional() })
      .safeParse(safeJson(info.text));
    if (!parsedInfo.success) {
      throw new CheckFailure(
        'bad-response',
        `${base}/v1/info is not a Trino coordinator`,
        `Point ${field}.host/port at the Trino coordinator.`,
      );
    }
    const version = parsedInfo.data.nodeVersion.version;
    if (parsedInfo.data.starting) {
      throw new CheckFailure(
        'unavailable',
        `Trino ${version} is still starting`,
        'Wait until the coordinator finished starting, then run preflight again.',
      );
    }
    const one = await runStatement(base, headers, 'SELECT 1', ctx, field);
    if (String(one[0]?.[0]) !== '1')
      throw new CheckFailure(
        'bad-response',
        `SELECT 1 returned ${JSON.stringify(one)}`,
        'Check the Trino coordinator.',
      );
    const catalogs = (await runStatement(base, headers, 'SHOW CATALOGS', ctx, field)).map((row) => String(row[0]));
    const details = { version, user: profile.user, catalogs };
    if (!catalogs.includes(profile.catalog)) {
      throw new CheckFailure(
        'not-found',
        `catalog "${profile.catalog}" is not visible to user "${profile.user}" (visible: ${catalogs.join(', ') || 'none'})`,
        `Configure the catalog on the Trino cluster (etc/catalog/${profile.catalog}.properties) or grant the user access, or correct ${field}.catalog.`,
        { details },
      );
    }
    return {
      status: 'ok',
      message: `Trino ${version}: SELECT 1 as "${profile.user}" ok; catalog "${profile.catalog}" visible`,
      details,
    };
  },
};

async function runStatement(
  base: string,
  headers: Record<string, string>,
  sql: string,
  ctx: CheckContext,
  field: string,
): Promise<unknown[][]> {
  let response = await httpRequest(
    `${base}/v1/statement`,
    { method: 'POST', headers, body: sql },
    ctx,
    `${field}.host`,
  );
  const rows: unknown[][] = [];
  for (let i = 0; i < 1000; i++) {
    if (response.status === 401) {
      throw new CheckFailure(
        'unauthorized',
        `Trino rejected user "${headers['x-trino-user']}" (HTTP 401)`,
        `Check ${field}.user and the value behind ${field}.password (password auth needs https).`,
        { details: { http_status: 401 } },
      );
    }
    if (response.status !== 200)
      throw httpStatusFailure(response, `Trino (${sql})`, `${field}.host`, `${field}.password`);
    const parsed = statementResponse.safeParse(safeJson(response.text));
    if (!parsed.success)
      throw new CheckFailure(
        'bad-response',
        `Trino answered ${oneLine(response.text).slice(0, 120)}`,
        'Check the Trino coordinator.',
      );
    if (parsed.data.error) {
      const e = parsed.data.error;
      const denied = e.errorName === 'PERMISSION_DENIED';
      throw new CheckFailure(
        denied ? 'forbidden' : 'bad-response',
        `Trino: ${e.message}`,
        denied
          ? `Grant user "${headers['x-trino-user']}" access in Trino's access control.`
          : 'See the Trino error above.',
        { details: { error_name: e.errorName ?? null } },
      );
    }
    rows.push(...(parsed.data.data ?? []));
    if (!parsed.data.nextUri) return rows;
    response = await httpRequest(parsed.data.nextUri, { headers }, ctx, `${field}.host`);
  }
  throw new CheckFailure('bad-response', `Trino did not finish ${sql}`, 'Check the Trino coordinator.');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
