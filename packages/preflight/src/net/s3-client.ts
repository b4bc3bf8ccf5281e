import type { CheckContext } from '../contract.js';
import { type HttpResponse, httpRequest } from './http.js';
import { type AwsCredentials, signRequest, uriEncode } from './sigv4.js';

export interface S3Location {
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  pathStyle: boolean;
}

/** URL of a bucket (key empty) or object, path-style or virtual-hosted. */
export function s3Url(location: S3Location, key: string, query: Record<string, string> = {}): URL {
  const base = new URL(location.endpoint ?? `https://s3.${location.region}.amazonaws.com`);
  const encodedKey = key
    .split('/')
    .map((part) => uriEncode(part))
    .join('/');
  let url: URL;
  if (location.pathStyle) {
    const path = base.pathname.replace(/\/+$/, '');
    url = new URL(`${base.protocol}//${base.host}${path}/${location.bucket}${key ? `/${encodedKey}` : '/'}`);
  } else {
    url = new URL(`${base.protocol}//${location.bucket}.${base.host}/${encodedKey}`);
  }
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url;
}

/** One signed S3 request. */
export function s3Request(
  location: S3Location,
  credentials: AwsCredentials,
  method: string,
  key: string,
  ctx: Pick<CheckContext, 'signal' | 'timeoutMs'>,
  field: string,
  options: { query?: Record<string, string>; body?: string; headers?: Record<string, string> } = {},
): Promise<HttpResponse> {
  const url = s3Url(location, key, options.query);
  const headers = signRequest({
    method,
    url,
    region: location.region,
    service: 's3',
    credentials,
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
  return httpRequest(
    url.toString(),
    { method, headers, ...(options.body !== undefined ? { body: options.body } : {}) },
    ctx,
    field,
  );
}

/** `<Code>` and `<Message>` of an S3 XML error body. */
export function s3ErrorCode(body: string): { code: string | undefined; message: string | undefined } {
  return {
    code: /<Code>([^<]*)<\/Code>/.exec(body)?.[1],
    message: /<Message>([^<]*)<\/Message>/.exec(body)?.[1],
  };
}
