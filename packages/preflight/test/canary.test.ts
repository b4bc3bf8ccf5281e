/**
 * Canary secrets: every credential gets a unique value; every check is driven into failure modes, including
 * STUB servers that echo the request (headers, query, body) back in their error answers. No value may appear
 * in the table, the JSON report or anything the CLI would print.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StatusStub, startStatusStub } from '../../../testing/fixtures/stubs/http-status-stub.js';
import {
  closedPort,
  type RunningServer,
  startBlackholeServer,
  UNRESOLVABLE_HOST,
} from '../../../testing/fixtures/stubs/net.js';
import { bigqueryCheck } from '../src/checks/bigquery.js';
import { snowflakeCheck } from '../src/checks/snowflake.js';
import { runPreflight } from '../src/preflight.js';
import { renderJson, renderTable } from '../src/render/index.js';

const canary = (name: string) => `canary${name}${randomBytes(10).toString('hex')}`;

describe('canary secrets never reach the output', () => {
  let dir: string;
  const stubs: StatusStub[] = [];
  let hole: RunningServer;
  const env: Record<string, string> = {};
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'floe-canary-'));
    hole = await startBlackholeServer();
    const echo = () =>
      startStatusStub(400, (req) =>
        JSON.stringify({ error: { message: `echo ${req.url} ${JSON.stringify(req.headers)} ${req.body}` } }),
      ).then((s) => {
        stubs.push(s);
        return s;
      });
    const [e1, e2, e3, e4, e5, e6, e7, e8] = await Promise.all(Array.from({ length: 8 }, echo));
    const closed = await closedPort();
    for (const name of [
      'S3KEY',
      'S3SECRET',
      'S3TOKEN',
      'AZKEY',
      'SAS',
      'OAUTH',
      'PG',
      'META',
      'TRINO',
      'TRINOJWT',
      'SF',
      'OTLP',
      'OL',
      'CATPG',
    ]) {
      env[`C_${name}`] = canary(name.toLowerCase());
    }
    env.C_AZKEY = Buffer.from(canary('azkey')).toString('base64');
    env.C_GCS = JSON.stringify({
      type: 'service_account',
      client_email: 'x@p.iam.gserviceaccount.com',
      private_key: pem,
      token_uri: `${e6!.url}/token`,
      canary: canary('gcs'),
    });
    env.C_BQ = JSON.stringify({
      type: 'service_account',
      client_email: 'y@p.iam.gserviceaccount.com',
      private_key: pem,
      token_uri: `${e7!.url}/token`,
      canary: canary('bq'),
    });
    env.C_SFKEY = pem;
    await writeFile(
      join(dir, 'platform.yaml'),
      `apiVersion: floe.dev/v1
kind: Platform
metadata: { name: canary, environment: test }
storage:
  s3echo: { type: s3, bucket: lake, endpoint: ${e1!.url}, path_style: true, credentials: { access_key_id: env:C_S3KEY, secret_access_key: env:C_S3SECRET, session_token: env:C_S3TOKEN } }
  s3dns: { type: s3, bucket: lake, endpoint: http://${UNRESOLVABLE_HOST}:9000, credentials: { access_key_id: env:C_S3KEY, secret_access_key: env:C_S3SECRET } }
  azecho: { type: adls, account: floeacct, container: lake, endpoint: ${e2!.url}/floeacct, credentials: { account_key: env:C_AZKEY } }
  sasecho: { type: adls, account: floeacct, container: lake, endpoint: ${e3!.url}/floeacct, credentials: { sas_token: env:C_SAS } }
  gcsecho: { type: gcs, bucket: lake, endpoint: ${e6!.url}, credentials: { service_account_key: env:C_GCS } }
catalogs:
  restecho: { type: rest, uri: ${e4!.url}, warehouse: w, storage: s3echo, oauth2: { token_endpoint: ${e4!.url}/v1/oauth/tokens, client_id: floe, client_secret: env:C_OAUTH } }
  resthole: { type: rest, uri: ${hole.url}, warehouse: w, oauth2: { token_endpoint: ${hole.url}/token, client_id: floe, client_secret: env:C_OAUTH } }
  sqlpg: { type: sql, uri: "postgresql://floe@127.0.0.1:${closed}/cat", password: env:C_CATPG, warehouse: s3echo }
compute:
  pg: { type: postgres, host: 127.0.0.1, port: ${hole.port}, user: floe, password: env:C_PG, database: floe }
  trino: { type: trino, host: 127.0.0.1, port: ${new URL(e5!.url).port}, user: floe, password: env:C_TRINO, catalog: iceberg }
  trinojwt: { type: trino, host: 127.0.0.1, port: ${new URL(e5!.url).port}, user: floe, jwt_token: env:C_TRINOJWT, catalog: iceberg }
  sf: { type: snowflake, account: acct, user: floe, password: env:C_SF, warehouse: wh, database: db }
  sfkey: { type: snowflake, account: acct, user: floe, private_key: env:C_SFKEY, warehouse: wh, database: db }
  bq: { type: bigquery, project: p, dataset: d, method: service-account, keyfile: env:C_BQ }
orchestration:
  dagster:
    metadata: { type: postgres, host: ${UNRESOLVABLE_HOST}, user: dagster, password: env:C_META, database: dagster }
observability:
  otlp: { endpoint: ${e8!.url}, headers: { authorization: env:C_OTLP } }
  openlineage: { url: ${e8!.url}, api_key: env:C_OL }
services:
  cube: { url: ${e8!.url} }
`,
    );
  });
  afterAll(async () => {
    await Promise.all(stubs.map((s) => s.stop()));
    await hole?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('every check fails, the echoing servers received the secrets, and no output contains one', async () => {
    const sfStub = stubs[4]!;
    const { report, redact } = await runPreflight({
      platformFile: join(dir, 'platform.yaml'),
      timeoutMs: 1500,
      env,
      registry: {
        'compute.snowflake': snowflakeCheck({ baseUrl: () => sfStub.url }) as never,
        'compute.bigquery': bigqueryCheck({ apiBase: stubs[6]!.url }) as never,
      },
    });
    expect(report.checks).toHaveLength(18);
    for (const check of report.checks) {
      expect(check.status, `${check.service}: ${check.message}`).not.toBe('ok');
      expect(check.remediation, check.service).toBeTruthy();
    }
    // The stubs really saw the credentials (so an echo would have leaked them).
    const seen = stubs.flatMap((s) => s.requests.map((r) => JSON.stringify(r))).join('\n');
    expect(seen).toContain(env.C_OAUTH);
    expect(seen).toContain(env.C_S3KEY);
    expect(seen).toContain(env.C_OL);
    expect(seen).toContain(env.C_TRINOJWT);
    const outputs = [
      renderJson(report),
      renderTable(report, { colour: true }),
      redact(renderTable(report, { colour: false })),
    ].join('\n');
    for (const [name, value] of Object.entries(env)) {
      const forms = [value, encodeURIComponent(value), Buffer.from(value).toString('base64')];
      for (const form of forms) expect(outputs.includes(form), `${name} leaked`).toBe(false);
    }
    expect(outputs).toContain('***');
  });
});
