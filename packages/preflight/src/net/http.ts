import { request as httpsRequest } from 'node:https';
import type { CheckContext } from '../contract.js';
import { CheckFailure, type Endpoint, toFailure } from '../failure.js';

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /**
   * PEM of the CA (or CAs) that signed the server's certificate, for https URLs of services with a private CA.
   * It replaces the default trust store for this request (Node's https; `fetch` takes no CA without undici).
   */
  ca?: string;
}

/**
 * One HTTP request bounded by the check's signal. Network failures become CheckFailures (DNS, refused,
 * TLS, timeout); every HTTP status is returned to the caller to interpret.
 */
export async function httpRequest(
  url: string,
  request: HttpRequest,
  ctx: Pick<CheckContext, 'signal' | 'timeoutMs'>,
  field: string,
): Promise<HttpResponse> {
  const at: Endpoint = { address: originOf(url), field };
  try {
    if (request.ca !== undefined && url.startsWith('https:')) {
      const response = await requestWithCa(url, request, request.ca, ctx.signal);
      return { ...response, text: scrubSentCredentials(response.text, request.headers) };
    }
    const response = await fetch(url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body,
      signal: ctx.signal,
      redirect: 'manual',
    });
    const text = scrubSentCredentials(await response.text(), request.headers);
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    throw toFailure(error, at, ctx.signal, ctx.timeoutMs, `Check that ${field} points at the right service.`);
  }
}

/** One https request trusting `ca`, bounded by `signal`; the body is read completely (error pages are small). */
function requestWithCa(url: string, request: HttpRequest, ca: string, signal: AbortSignal): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: request.method ?? 'GET', headers: request.headers, ca, signal }, (res) => {
      const chunks: Buffer[] = [];
      let ended = false;
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        ended = true;
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
            headers.append(name, one);
        }
        resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('close', () => {
        if (!ended)
          reject(Object.assign(new Error('connection closed before the answer ended'), { code: 'ECONNRESET' }));
      });
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

/** Header values that carry credentials (derived from secrets, or tokens obtained with them). */
const CREDENTIAL_HEADERS = /^(authorization|x-amz-security-token|x-goog-api-key|x-api-key|cookie)$/i;

/**
 * Removes credential header values this request sent from the response text: a server that echoes the
 * request back (some error pages do) must not leak a token, a Basic pair or a signature.
 */
export function scrubSentCredentials(text: string, headers: Record<string, string> | undefined): string {
  let out = text;
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!CREDENTIAL_HEADERS.test(name)) continue;
    const parts = [value, value.replace(/^[A-Za-z0-9-]+\s+/, '')];
    if (/^Basic\s+/i.test(value)) parts.push(Buffer.from(value.replace(/^Basic\s+/i, ''), 'base64').toString());
    for (const part of parts.filter((p) => p.length >= 8).sort((a, b) => b.length - a.length))
      out = out.split(part).join('***');
  }
  return out;
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Generic failures for HTTP statuses a check did not handle more specifically. */
export function httpStatusFailure(
  response: HttpResponse,
  what: string,
  field: string,
  credentials: string,
): CheckFailure {
  const snippet = oneLine(response.text).slice(0, 160);
  const suffix = snippet ? `: ${snippet}` : '';
  switch (response.status) {
    case 401:
      return new CheckFailure(
        'unauthorized',
        `${what} rejected the credentials (HTTP 401)${suffix}`,
        `Check ${credentials}: the value behind the reference is wrong, expired or for another environment.`,
        { details: { http_status: 401 } },
      );
    case 403:
      return new CheckFailure(
        'forbidden',
        `${what} denied access (HTTP 403)${suffix}`,
        `The credentials in ${credentials} are valid but lack permission; grant the role/policy floe needs.`,
        { details: { http_status: 403 } },
      );
    case 404:
      return new CheckFailure(
        'not-found',
        `${what} answered HTTP 404 (not found)${suffix}`,
        `Check the URL and path in ${field}; the service answered but has nothing there.`,
        { details: { http_status: 404 } },
      );
    default:
      return new CheckFailure(
        response.status >= 500 ? 'unavailable' : 'bad-response',
        `${what} answered HTTP ${response.status}${suffix}`,
        response.status >= 500
          ? `The service at ${field} is failing; check its logs and health.`
          : `Check that ${field} points at the right service and API version.`,
        { details: { http_status: response.status } },
      );
  }
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
