import { IcebergError } from '../../errors.js';
import { parseJson, stringifyJson } from '../../json.js';
import { type RestOperation, restError, transportError } from './errors.js';
import type { OAuth2ClientCredentials } from './oauth2.js';

export interface RestHttpOptions {
  /** Base URI of the service, without `/v1`. */
  baseUri: string;
  headers: Record<string, string>;
  timeoutMs: number;
  oauth2?: OAuth2ClientCredentials | undefined;
  /** A static bearer token (when no OAuth2 credential is configured). */
  token?: string | undefined;
  fetch?: typeof fetch;
}

export interface RestRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'DELETE';
  path: string;
  operation: RestOperation;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Fields added to an error's context (table, namespace). */
  context?: Record<string, string | undefined>;
}

export interface RestResponse {
  status: number;
  /** The parsed JSON body (lossless: longs beyond 2^53 are bigint), undefined when empty. */
  body: unknown;
}

/**
 * The HTTP layer of the REST catalog: JSON in and out without losing 64-bit integers, bearer
 * authentication (renewed once on 401), a timeout per request, and catalog error responses mapped
 * to IcebergError. Secrets (client secret, tokens) are redacted from every message it produces.
 */
export class RestHttp {
  readonly #options: RestHttpOptions;
  readonly #fetch: typeof fetch;

  constructor(options: RestHttpOptions) {
    this.#options = { ...options, baseUri: options.baseUri.replace(/\/+$/, '') };
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  get baseUri(): string {
    return this.#options.baseUri;
  }

  async request(request: RestRequest): Promise<RestResponse> {
    const first = await this.#send(request);
    if (first.status === 401 && first.token !== undefined && this.#options.oauth2) {
      // The token may have expired or been revoked: fetch a new one and try once more.
      this.#options.oauth2.invalidate(first.token);
      const second = await this.#send(request);
      return this.#finish(second.response, second.text, request);
    }
    return this.#finish(first.response, first.text, request);
  }

  async #send(request: RestRequest): Promise<{ response: Response; text: string; status: number; token?: string }> {
    const url = new URL(`${this.#options.baseUri}${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'floe-iceberg-rest',
      'x-client-version': 'floe',
      ...this.#options.headers,
    };
    let token: string | undefined;
    if (this.#options.oauth2) token = await this.#options.oauth2.token();
    else token = this.#options.token;
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (request.body !== undefined) {
      body = stringifyJson(request.body);
      headers['content-type'] = 'application/json';
    }
    const context = this.#context(request);
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(url, {
        method: request.method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
      text = request.method === 'HEAD' ? '' : await response.text();
    } catch (error) {
      throw this.#redactError(transportError(error, request.operation, context));
    }
    return { response, text, status: response.status, ...(token === undefined ? {} : { token }) };
  }

  #finish(response: Response, text: string, request: RestRequest): RestResponse {
    let body: unknown;
    if (text.trim().length > 0) {
      try {
        body = parseJson(text, `${request.method} ${request.path} response`);
      } catch (error) {
        if (response.ok) throw error;
        body = undefined;
      }
    }
    if (!response.ok) {
      throw this.#redactError(restError(response.status, body, request.operation, this.#context(request)));
    }
    return { status: response.status, body };
  }

  #context(request: RestRequest): Record<string, string | undefined> {
    return { method: request.method, path: request.path, ...request.context };
  }

  #secrets(): string[] {
    return [...(this.#options.oauth2?.secrets() ?? []), ...(this.#options.token ? [this.#options.token] : [])].filter(
      (s) => s.length > 0,
    );
  }

  #redactError(error: IcebergError): IcebergError {
    const secrets = this.#secrets();
    const redact = (text: string) => secrets.reduce((out, s) => out.split(s).join('***'), text);
    if (!secrets.some((s) => error.message.includes(s) || Object.values(error.context).some((v) => v.includes(s)))) {
      return error;
    }
    const context: Record<string, string> = {};
    for (const [k, v] of Object.entries(error.context)) context[k] = redact(v);
    return new IcebergError(error.kind, redact(error.message), { context, retryable: error.retryable });
  }
}
