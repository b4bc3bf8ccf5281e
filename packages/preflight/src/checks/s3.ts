import { randomUUID } from 'node:crypto';
import { registerSecret } from '@floe/core';
import type { CheckContext, CheckDefinition, CheckOutcome } from '../contract.js';
import { CheckFailure } from '../failure.js';
import type { HttpResponse } from '../net/http.js';
import { httpStatusFailure, oneLine } from '../net/http.js';
import { type S3Location, s3ErrorCode, s3Request } from '../net/s3-client.js';
import type { AwsCredentials } from '../net/sigv4.js';
import type { S3StorageProfile } from '../profiles.js';

export const s3Check: CheckDefinition<S3StorageProfile> = {
  id: 'storage.s3',
  group: 'storage',
  secretRefs: (p) =>
    p.credentials
      ? [
          p.credentials.access_key_id,
          p.credentials.secret_access_key,
          ...(p.credentials.session_token ? [p.credentials.session_token] : []),
        ]
      : [],
  async run(profile, ctx) {
    const credentials = credentialsOf(profile, ctx);
    const location: S3Location = {
      endpoint: profile.endpoint,
      region: profile.region,
      bucket: profile.bucket,
      pathStyle: profile.path_style,
    };
    const where = `s3://${profile.bucket}${profile.prefix ? `/${profile.prefix}` : ''}`;
    const details: Record<string, unknown> = {
      bucket: profile.bucket,
      prefix: profile.prefix,
      endpoint: profile.endpoint ?? `https://s3.${profile.region}.amazonaws.com`,
      region: profile.region,
      path_style: profile.path_style,
      steps: [] as string[],
    };
    if (!credentials) {
      return {
        status: 'skipped',
        message: `${where}: no credentials configured and none in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (IRSA and instance profiles are not verified)`,
        remediation: `Set ${ctx.field}.credentials, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to let preflight test the bucket.`,
        details,
      };
    }
    const steps = details.steps as string[];
    const request = (method: string, key: string, options?: Parameters<typeof s3Request>[6]) =>
      s3Request(location, credentials, method, key, ctx, `${ctx.field}.endpoint`, options);

    // 1. The bucket exists and the credentials are accepted.
    const list = await request('GET', '', {
      query: { 'list-type': '2', 'max-keys': '1', prefix: profile.prefix },
    }).catch((error: unknown) => {
      throw pathStyleHint(error, profile, ctx);
    });
    if (list.status !== 200) throw s3Failure(list, 'list', profile, ctx, details);
    steps.push('list');
    const bucketRegion = list.headers.get('x-amz-bucket-region');
    if (bucketRegion) details.bucket_region = bucketRegion;

    // 2. Write, read back and delete a probe object under the prefix.
    const key = `${profile.prefix ? `${profile.prefix}/` : ''}.floe-preflight/${randomUUID()}`;
    const payload = `floe preflight ${new Date().toISOString()}`;
    const put = await request('PUT', key, { body: payload, headers: { 'content-type': 'text/plain' } });
    if (put.status !== 200) throw s3Failure(put, 'write', profile, ctx, details);
    steps.push('write');
    const get = await request('GET', key);
    if (get.status !== 200) throw s3Failure(get, 'read', profile, ctx, details);
    if (get.text !== payload) {
      throw new CheckFailure(
        'bad-response',
        `${where}: the probe object read back differently`,
        'Check the store for a caching proxy or transformation.',
        { details },
      );
    }
    steps.push('read');
    const del = await request('DELETE', key);
    if (del.status !== 204 && del.status !== 200) {
      const failure = s3Failure(del, 'delete', profile, ctx, details);
      return {
        status: 'warning',
        message: `${where}: write and read ok, but delete failed: ${failure.message}`,
        remediation: `Grant s3:DeleteObject on ${where}/* (floe deletes files when it expires snapshots); remove ${key} by hand.`,
        details,
      };
    }
    steps.push('delete');
    const outcome: CheckOutcome = { status: 'ok', message: `${where}: list, write, read and delete ok`, details };
    if (bucketRegion && bucketRegion !== profile.region) {
      return {
        status: 'warning',
        message: `${where}: works, but the bucket is in region ${bucketRegion}, not ${profile.region}`,
        remediation: `Set ${ctx.field}.region: ${bucketRegion} (requests to the wrong region are redirected or slow).`,
        details,
      };
    }
    return outcome;
  },
};

function credentialsOf(profile: S3StorageProfile, ctx: CheckContext): AwsCredentials | undefined {
  if (profile.credentials) {
    return {
      accessKeyId: ctx.secret(profile.credentials.access_key_id),
      secretAccessKey: ctx.secret(profile.credentials.secret_access_key),
      sessionToken: profile.credentials.session_token ? ctx.secret(profile.credentials.session_token) : undefined,
    };
  }
  // The first link of the default AWS credential chain: the environment.
  const { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: token } = process.env;
  if (id && secret) {
    for (const value of [id, secret, token]) if (value) registerSecret(value);
    return { accessKeyId: id, secretAccessKey: secret, sessionToken: token || undefined };
  }
  return undefined;
}

function pathStyleHint(error: unknown, profile: S3StorageProfile, ctx: CheckContext): unknown {
  if (error instanceof CheckFailure && error.kind === 'dns' && profile.endpoint && !profile.path_style) {
    return new CheckFailure(
      'dns',
      `${error.message}; virtual-hosted addressing puts the bucket name in the host (${profile.bucket}.${new URL(profile.endpoint).host})`,
      `Most S3-compatible stores need path-style addressing: set ${ctx.field}.path_style: true. Otherwise check ${ctx.field}.endpoint.`,
      { details: error.details },
    );
  }
  return error;
}

function s3Failure(
  response: HttpResponse,
  step: 'list' | 'write' | 'read' | 'delete',
  profile: S3StorageProfile,
  ctx: CheckContext,
  details: Record<string, unknown>,
): CheckFailure {
  const { code, message } = s3ErrorCode(response.text);
  const where = `s3://${profile.bucket}`;
  const creds = `${ctx.field}.credentials`;
  const extra = { ...details, http_status: response.status, s3_code: code ?? null };
  const said = message ? `: ${oneLine(message)}` : '';
  switch (code) {
    case 'NoSuchBucket':
      return new CheckFailure(
        'not-found',
        `bucket "${profile.bucket}" does not exist${said}`,
        `Create the bucket or correct ${ctx.field}.bucket (and the endpoint/region it lives in).`,
        { details: extra },
      );
    case 'InvalidAccessKeyId':
      return new CheckFailure(
        'unauthorized',
        `the access key id is unknown to the store${said}`,
        `Check the value behind ${creds}.access_key_id: the key does not exist on this endpoint.`,
        { details: extra },
      );
    case 'SignatureDoesNotMatch':
      return new CheckFailure(
        'unauthorized',
        `the secret access key is wrong (signature mismatch)${said}`,
        `Check the value behind ${creds}.secret_access_key; it does not belong to the access key id.`,
        { details: extra },
      );
    case 'AuthorizationHeaderMalformed':
    case 'PermanentRedirect':
      return new CheckFailure(
        'bad-response',
        `the bucket is not in region ${profile.region}${said}`,
        `Set ${ctx.field}.region to the bucket's region.`,
        { details: extra },
      );
    case 'AccessDenied':
    case 'AllAccessDisabled':
      if (step === 'write') {
        return new CheckFailure(
          'read-only',
          `${where}: the credentials can read but not write${said}`,
          `Grant s3:PutObject (and s3:DeleteObject) on ${where}/${profile.prefix ? `${profile.prefix}/` : ''}* to the credentials in ${creds}.`,
          { details: extra },
        );
      }
      return new CheckFailure(
        'forbidden',
        `${where}: access denied on ${step}${said}`,
        `The credentials in ${creds} are valid but not allowed to ${step}; grant s3:ListBucket/GetObject/PutObject/DeleteObject on the bucket.`,
        { details: extra },
      );
    default:
      if (response.status === 404 && step === 'list') {
        return new CheckFailure(
          'not-found',
          `bucket "${profile.bucket}" not found at the endpoint (HTTP 404)`,
          `Create the bucket or correct ${ctx.field}.bucket, ${ctx.field}.endpoint and ${ctx.field}.path_style.`,
          { details: extra },
        );
      }
      return httpStatusFailure(response, `S3 (${step})`, `${ctx.field}.endpoint`, creds);
  }
}
