import { randomUUID } from 'node:crypto';
import type { CheckContext, CheckDefinition } from '../contract.js';
import { CheckFailure } from '../failure.js';
import { AZURE_STORAGE_VERSION, signSharedKey } from '../net/azure-sharedkey.js';
import { type HttpResponse, httpRequest, httpStatusFailure, oneLine } from '../net/http.js';
import type { AdlsStorageProfile } from '../profiles.js';

type Auth = { kind: 'key'; key: string } | { kind: 'sas'; token: string };

export const adlsCheck: CheckDefinition<AdlsStorageProfile> = {
  id: 'storage.adls',
  group: 'storage',
  secretRefs: (p) => {
    const c = p.credentials;
    if (!c) return [];
    if ('account_key' in c) return [c.account_key];
    if ('sas_token' in c) return [c.sas_token];
    return [c.client_secret];
  },
  async run(profile, ctx) {
    const base = (profile.endpoint ?? `https://${profile.account}.blob.core.windows.net`).replace(/\/+$/, '');
    const where = `${profile.account}/${profile.container}${profile.prefix ? `/${profile.prefix}` : ''}`;
    const details: Record<string, unknown> = {
      account: profile.account,
      container: profile.container,
      endpoint: base,
      steps: [] as string[],
    };
    const steps = details.steps as string[];
    const c = profile.credentials;
    if (!c || !('account_key' in c || 'sas_token' in c)) {
      return {
        status: 'skipped',
        message: `${where}: ${c ? 'service-principal' : 'ambient (managed identity)'} credentials are not verified by this version of preflight`,
        remediation: `Set ${ctx.field}.credentials.account_key or sas_token to let preflight test the container, or verify access by hand.`,
        details,
      };
    }
    const auth: Auth =
      'account_key' in c
        ? { kind: 'key', key: ctx.secret(c.account_key) }
        : { kind: 'sas', token: ctx.secret(c.sas_token).replace(/^\?/, '') };
    const request = (
      method: string,
      path: string,
      query: Record<string, string>,
      body?: string,
      headers: Record<string, string> = {},
    ) => azureRequest(base, profile.account, auth, method, path, query, ctx, body, headers);

    const props = await request('GET', `/${profile.container}`, { restype: 'container' });
    if (props.status !== 200) throw azureFailure(props, 'open the container', profile, ctx, details);
    steps.push('container');
    const blob = `/${profile.container}/${profile.prefix ? `${profile.prefix}/` : ''}.floe-preflight/${randomUUID()}`;
    const payload = `floe preflight ${new Date().toISOString()}`;
    const put = await request('PUT', blob, {}, payload, {
      'x-ms-blob-type': 'BlockBlob',
      'content-type': 'text/plain',
    });
    if (put.status !== 201) throw azureFailure(put, 'write', profile, ctx, details);
    steps.push('write');
    const get = await request('GET', blob, {});
    if (get.status !== 200) throw azureFailure(get, 'read', profile, ctx, details);
    if (get.text !== payload)
      throw new CheckFailure(
        'bad-response',
        `${where}: the probe blob read back differently`,
        'Check for a proxy that rewrites content.',
        { details },
      );
    steps.push('read');
    const del = await request('DELETE', blob, {});
    if (del.status !== 202) {
      const failure = azureFailure(del, 'delete', profile, ctx, details);
      return {
        status: 'warning',
        message: `${where}: write and read ok, but delete failed: ${failure.message}`,
        remediation:
          'Grant delete permission (Storage Blob Data Contributor, or "d" in the SAS); floe deletes files when it expires snapshots.',
        details,
      };
    }
    steps.push('delete');
    return { status: 'ok', message: `${where}: container found; write, read and delete ok`, details };
  },
};

function azureRequest(
  base: string,
  account: string,
  auth: Auth,
  method: string,
  path: string,
  query: Record<string, string>,
  ctx: CheckContext,
  body?: string,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  const url = new URL(`${base}${path}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  let sent: Record<string, string>;
  if (auth.kind === 'key') {
    sent = signSharedKey({
      method,
      url,
      account,
      key: auth.key,
      headers,
      contentLength: body ? Buffer.byteLength(body) : 0,
    });
  } else {
    for (const [k, v] of new URLSearchParams(auth.token)) url.searchParams.set(k, v);
    sent = { ...headers, 'x-ms-version': AZURE_STORAGE_VERSION, 'x-ms-date': new Date().toUTCString() };
  }
  return httpRequest(
    url.toString(),
    { method, headers: sent, ...(body !== undefined ? { body } : {}) },
    ctx,
    `${ctx.field}.endpoint`,
  );
}

function azureFailure(
  response: HttpResponse,
  step: string,
  profile: AdlsStorageProfile,
  ctx: CheckContext,
  details: Record<string, unknown>,
): CheckFailure {
  const code = response.headers.get('x-ms-error-code') ?? /<Code>([^<]*)<\/Code>/.exec(response.text)?.[1] ?? null;
  const said = /<Message>([^<]*)<\/Message>/.exec(response.text)?.[1];
  const suffix = said ? `: ${oneLine(said).split(' RequestId:')[0]}` : '';
  const extra = { details: { ...details, http_status: response.status, azure_code: code } };
  const creds = `${ctx.field}.credentials`;
  // Azure says AuthenticationFailed, Azurite AuthorizationFailure; both say "failed to authenticate".
  const kind =
    code === 'AuthenticationFailed' || /failed to authenticate/i.test(said ?? '') ? 'AuthenticationFailed' : code;
  switch (kind) {
    case 'ContainerNotFound':
      return new CheckFailure(
        'not-found',
        `container "${profile.container}" does not exist in account "${profile.account}"${suffix}`,
        `Create the container or correct ${ctx.field}.container.`,
        extra,
      );
    case 'AuthenticationFailed':
      return new CheckFailure(
        'unauthorized',
        `the storage account rejected the credentials (${code}: signature or token invalid)`,
        `Check the value behind ${creds}: the account key or SAS token is wrong, expired or for another account.`,
        extra,
      );
    case 'AuthorizationPermissionMismatch':
    case 'AuthorizationFailure':
    case 'AuthorizationResourceTypeMismatch':
      if (step === 'write') {
        return new CheckFailure(
          'read-only',
          `the credentials may read but not write in "${profile.container}" (${code})`,
          `Grant write and delete (Storage Blob Data Contributor, or "wd" permissions in the SAS) on ${profile.container}.`,
          extra,
        );
      }
      return new CheckFailure(
        'forbidden',
        `access denied to ${step} (${code})${suffix}`,
        `The credentials in ${creds} are valid but lack permission to ${step}; grant Storage Blob Data Contributor.`,
        extra,
      );
    default:
      if (response.status === 400 && /AccountName|account/i.test(response.text)) {
        return new CheckFailure(
          'not-found',
          `storage account "${profile.account}" unknown at the endpoint${suffix}`,
          `Check ${ctx.field}.account and ${ctx.field}.endpoint.`,
          extra,
        );
      }
      return httpStatusFailure(response, `Azure Blob (${step})`, `${ctx.field}.endpoint`, creds);
  }
}
