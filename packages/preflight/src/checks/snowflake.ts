import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CheckDefinition } from '../contract.js';
import { CheckFailure } from '../failure.js';
import { httpRequest, httpStatusFailure } from '../net/http.js';
import { publicKeyFingerprint, signJwtRs256 } from '../net/jwt.js';
import type { SnowflakeComputeProfile } from '../profiles.js';

export interface SnowflakeCheckOptions {
  /** Base URL for an account (default https://<account>.snowflakecomputing.com). */
  baseUrl?: (account: string) => string;
}

const response = z.looseObject({
  success: z.boolean(),
  code: z.string().nullish(),
  message: z.string().nullish(),
  data: z.looseObject({ token: z.string().optional(), rowset: z.array(z.array(z.unknown())).optional() }).nullish(),
});

/** Snowflake error codes floe tells apart. */
const LOGIN_FAILED = new Set(['390100', '390144', '394304']);
const WAREHOUSE_CODES = new Set(['000606', '390201', '002043']);

/** Login (password or key pair), warehouse usable, SELECT 1 — over Snowflake's HTTP API. */
export function snowflakeCheck(options: SnowflakeCheckOptions = {}): CheckDefinition<SnowflakeComputeProfile> {
  const baseOf = options.baseUrl ?? ((account: string) => `https://${account}.snowflakecomputing.com`);
  return {
    id: 'compute.snowflake',
    group: 'compute',
    secretRefs: (p) => [...(p.password ? [p.password] : []), ...(p.private_key ? [p.private_key] : [])],
    async run(profile, ctx) {
      const base = baseOf(profile.account).replace(/\/+$/, '');
      const accountName = profile.account.split('.')[0]!.toUpperCase();
      const details: Record<string, unknown> = {
        account: profile.account,
        user: profile.user,
        warehouse: profile.warehouse,
      };
      const data: Record<string, unknown> = {
        ACCOUNT_NAME: accountName,
        LOGIN_NAME: profile.user,
        CLIENT_APP_ID: 'floe-preflight',
        CLIENT_APP_VERSION: '1',
      };
      if (profile.private_key) {
        const pem = ctx.secret(profile.private_key);
        const user = profile.user.toUpperCase();
        const now = Math.floor(Date.now() / 1000);
        data.AUTHENTICATOR = 'SNOWFLAKE_JWT';
        data.TOKEN = signJwtRs256(
          {
            iss: `${accountName}.${user}.${publicKeyFingerprint(pem)}`,
            sub: `${accountName}.${user}`,
            iat: now,
            exp: now + 60,
          },
          pem,
        );
      } else if (profile.password) {
        data.PASSWORD = ctx.secret(profile.password);
      } else {
        throw new CheckFailure(
          'local',
          'neither password nor private_key is configured',
          `Set ${ctx.field}.password or ${ctx.field}.private_key.`,
        );
      }
      const query = new URLSearchParams({
        warehouse: profile.warehouse,
        databaseName: profile.database,
        requestId: randomUUID(),
      });
      if (profile.role) query.set('roleName', profile.role);
      if (profile.schema) query.set('schemaName', profile.schema);
      const login = await httpRequest(
        `${base}/session/v1/login-request?${query}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ data }),
        },
        ctx,
        `${ctx.field}.account`,
      );
      if (login.status !== 200)
        throw httpStatusFailure(login, 'Snowflake login', `${ctx.field}.account`, `${ctx.field}.password`);
      const loggedIn = parse(login.text);
      if (!loggedIn.success || !loggedIn.data?.token) {
        const code = loggedIn.code ?? '';
        if (LOGIN_FAILED.has(code)) {
          throw new CheckFailure(
            'unauthorized',
            `Snowflake login failed for "${profile.user}": ${loggedIn.message ?? code}`,
            `Check ${ctx.field}.user and the value behind ${ctx.field}.${profile.private_key ? 'private_key (and that its public key is set on the user)' : 'password'}.`,
            { details: { ...details, snowflake_code: code } },
          );
        }
        throw new CheckFailure(
          'bad-response',
          `Snowflake login failed: ${loggedIn.message ?? code}`,
          `Check ${ctx.field}.account, role and database.`,
          { details: { ...details, snowflake_code: code } },
        );
      }
      const select = await httpRequest(
        `${base}/queries/v1/query-request?requestId=${randomUUID()}`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            authorization: `Snowflake Token="${loggedIn.data.token}"`,
          },
          body: JSON.stringify({ sqlText: 'SELECT 1', asyncExec: false, sequenceId: 1 }),
        },
        ctx,
        `${ctx.field}.account`,
      );
      if (select.status !== 200)
        throw httpStatusFailure(select, 'Snowflake query', `${ctx.field}.account`, `${ctx.field}.password`);
      const result = parse(select.text);
      if (!result.success) {
        const code = result.code ?? '';
        if (WAREHOUSE_CODES.has(code)) {
          throw new CheckFailure(
            'forbidden',
            `warehouse "${profile.warehouse}" is not usable: ${result.message ?? code}`,
            `Check ${ctx.field}.warehouse exists and GRANT USAGE ON WAREHOUSE ${profile.warehouse} TO ROLE ${profile.role ?? '<role>'}.`,
            { details: { ...details, snowflake_code: code } },
          );
        }
        throw new CheckFailure(
          'bad-response',
          `SELECT 1 failed: ${result.message ?? code}`,
          'See the Snowflake error above.',
          { details: { ...details, snowflake_code: code } },
        );
      }
      return {
        status: 'ok',
        message: `Snowflake: logged in as "${profile.user}", SELECT 1 on warehouse "${profile.warehouse}" ok`,
        details,
      };
    },
  };
}

function parse(text: string): z.infer<typeof response> {
  try {
    const parsed = response.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {}
  return { success: false, code: null, message: 'not a Snowflake API answer', data: null };
}
