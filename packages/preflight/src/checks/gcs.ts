import { randomUUID } from 'node:crypto';
import type { CheckContext, CheckDefinition } from '../contract.js';
import { CheckFailure } from '../failure.js';
import { parseServiceAccountKey, serviceAccountToken } from '../net/google-auth.js';
import { type HttpResponse, httpRequest, httpStatusFailure } from '../net/http.js';
import type { GcsStorageProfile } from '../profiles.js';

const SCOPE = 'https://www.googleapis.com/auth/devstorage.read_write';

export const gcsCheck: CheckDefinition<GcsStorageProfile> = {
  id: 'storage.gcs',
  group: 'storage',
  secretRefs: (p) => (p.credentials ? [p.credentials.service_account_key] : []),
  async run(profile, ctx) {
    const api = (profile.endpoint ?? 'https://storage.googleapis.com').replace(/\/+$/, '');
    const where = `gs://${profile.bucket}${profile.prefix ? `/${profile.prefix}` : ''}`;
    const details: Record<string, unknown> = {
      bucket: profile.bucket,
      prefix: profile.prefix,
      endpoint: api,
      steps: [] as string[],
    };
    const steps = details.steps as string[];
    const headers: Record<string, string> = {};
    if (profile.credentials) {
      const field = `${ctx.field}.credentials.service_account_key`;
      const key = parseServiceAccountKey(ctx.secret(profile.credentials.service_account_key), field);
      headers.authorization = `Bearer ${await serviceAccountToken(key, SCOPE, ctx, field)}`;
      steps.push('token');
    } else if (!profile.endpoint) {
      return {
        status: 'skipped',
        message: `${where}: workload identity / application-default credentials are not verified by preflight`,
        remediation: `Set ${ctx.field}.credentials.service_account_key to let preflight test the bucket, or check access by hand.`,
        details,
      };
    }
    const call = (method: string, url: string, body?: string) =>
      httpRequest(
        url,
        { method, headers: body ? { ...headers, 'content-type': 'text/plain' } : headers, ...(body ? { body } : {}) },
        ctx,
        `${ctx.field}.endpoint`,
      );
    const bucket = encodeURIComponent(profile.bucket);
    const meta = await call('GET', `${api}/storage/v1/b/${bucket}`);
    if (meta.status !== 200) throw gcsFailure(meta, 'read bucket metadata', profile, ctx);
    steps.push('bucket');
    const name = `${profile.prefix ? `${profile.prefix}/` : ''}.floe-preflight/${randomUUID()}`;
    const payload = `floe preflight ${new Date().toISOString()}`;
    const put = await call(
      'POST',
      `${api}/upload/storage/v1/b/${bucket}/o?uploadType=media&name=${encodeURIComponent(name)}`,
      payload,
    );
    if (put.status !== 200) throw gcsFailure(put, 'write', profile, ctx);
    steps.push('write');
    const object = `${api}/storage/v1/b/${bucket}/o/${encodeURIComponent(name)}`;
    const get = await call('GET', `${object}?alt=media`);
    if (get.status !== 200) throw gcsFailure(get, 'read', profile, ctx);
    if (get.text !== payload)
      throw new CheckFailure(
        'bad-response',
        `${where}: the probe object read back differently`,
        'Check for a proxy that rewrites content.',
        { details },
      );
    steps.push('read');
    const del = await call('DELETE', object);
    if (del.status !== 204 && del.status !== 200) {
      return {
        status: 'warning',
        message: `${where}: write and read ok, but delete failed (HTTP ${del.status})`,
        remediation:
          'Grant storage.objects.delete (roles/storage.objectAdmin); floe deletes files when it expires snapshots.',
        details,
      };
    }
    steps.push('delete');
    return { status: 'ok', message: `${where}: bucket found; write, read and delete ok`, details };
  },
};

function gcsFailure(r: HttpResponse, step: string, profile: GcsStorageProfile, ctx: CheckContext): CheckFailure {
  if (r.status === 404 && step === 'read bucket metadata') {
    return new CheckFailure(
      'not-found',
      `bucket "${profile.bucket}" does not exist`,
      `Create the bucket or correct ${ctx.field}.bucket.`,
      { details: { http_status: 404 } },
    );
  }
  if (r.status === 403 && step === 'write') {
    return new CheckFailure(
      'read-only',
      `the service account may read but not write gs://${profile.bucket}`,
      'Grant roles/storage.objectAdmin (create and delete objects) on the bucket.',
      { details: { http_status: 403 } },
    );
  }
  return httpStatusFailure(r, `GCS (${step})`, `${ctx.field}.endpoint`, `${ctx.field}.credentials.service_account_key`);
}
