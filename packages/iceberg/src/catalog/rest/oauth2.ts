import { z } from 'zod';
import { IcebergError } from '../../errors.js';
import { transportError } from './errors.js';

export interface OAuth2ClientCredentialsOptions {
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  /** `body`: client_id/client_secret as form fields; `basic`: HTTP Basic authentication. */
  clientAuth?: 'body' | 'basic';
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Clock (ms); replaceable in tests. */
  now?: () => number;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
  issued_token_type: z.string().optional(),
  scope: z.string().optional(),
});

const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

interface CachedToken {
  value: string;
  /** When to fetch a new one (before the token actually expires); undefined: never proactively. */
  refreshAt?: number;
}

/**
 * OAuth2 client-credentials tokens (RFC 6749 §4.4), as Polaris and the Iceberg REST spec use them.
 * One token is cached and shared by concurrent requests; it is renewed shortly before `expires_in`
 * runs out and whenever the catalog answers 401 (`invalidate`). The client secret is only ever put
 * in the token request body or Authorization header, never in an error or log line.
 */
export class OAuth2ClientCredentials {
  readonly #options: Required<Omit<OAuth2ClientCredentialsOptions, 'fetch'>> & { fetch: typeof fetch };
  #cached: CachedToken | undefined;
  #inflight: Promise<string> | undefined;
  /** Number of tokens fetched so far (for tests and diagnostics). */
  fetchCount = 0;

  constructor(options: OAuth2ClientCredentialsOptions) {
    this.#options = {
      clientAuth: 'body',
      timeoutMs: 30_000,
      now: Date.now,
      ...options,
      fetch: options.fetch ?? globalThis.fetch,
    };
  }

  /** A valid access token, fetched if there is none or it is about to expire. */
  async token(): Promise<string> {
    const cached = this.#cached;
    if (cached && (cached.refreshAt === undefined || this.#options.now() < cached.refreshAt)) return cached.value;
    this.#inflight ??= this.#fetchToken().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  /** Forgets `token` (after a 401) so that the next `token()` fetches a new one. */
  invalidate(token: string): void {
    if (this.#cached?.value === token) this.#cached = undefined;
  }

  /** Strings that must never appear in messages. */
  secrets(): string[] {
    return [this.#options.clientSecret, ...(this.#cached ? [this.#cached.value] : [])];
  }

  async #fetchToken(): Promise<string> {
    const o = this.#options;
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope: o.scope });
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (o.clientAuth === 'basic') {
      const basic = `${encodeURIComponent(o.clientId)}:${encodeURIComponent(o.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    } else {
      form.set('client_id', o.clientId);
      form.set('client_secret', o.clientSecret);
    }
    const context = { tokenEndpoint: o.tokenEndpoint, clientId: o.clientId };
    const started = o.now();
    let response: Response;
    try {
      response = await o.fetch(o.tokenEndpoint, {
        method: 'POST',
        headers,
        body: form,
        signal: AbortSignal.timeout(o.timeoutMs),
      });
    } catch (error) {
      throw transportError(error, 'token', context);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const oauth = oauthErrorSchema.safeParse(body);
      const detail = oauth.success
        ? `${oauth.data.error}${oauth.data.error_description ? ` (${oauth.data.error_description})` : ''}`
        : `HTTP ${response.status}`;
      const kind =
        response.status === 401 || (oauth.success && oauth.data.error === 'invalid_client')
          ? 'Unauthorized'
          : response.status === 403
            ? 'Forbidden'
            : response.status >= 500
              ? 'ServiceUnavailable'
              : 'Unauthorized';
      throw new IcebergError(kind, this.#redact(`OAuth2 token request was rejected: ${detail}`), {
        // The RFC 6749 §5.2 error code (invalid_client, invalid_scope, ...) lets callers tell causes apart.
        context: {
          ...context,
          status: response.status,
          ...(oauth.success ? { oauthError: this.#redact(oauth.data.error) } : {}),
        },
      });
    }
    const parsed = tokenResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new IcebergError('Unexpected', 'OAuth2 token endpoint returned a response without access_token', {
        context: { ...context, status: response.status },
      });
    }
    if (parsed.data.token_type.toLowerCase() !== 'bearer') {
      throw new IcebergError('FeatureUnsupported', `OAuth2 token type ${parsed.data.token_type} is not supported`, {
        context,
      });
    }
    const lifetimeMs = parsed.data.expires_in === undefined ? undefined : parsed.data.expires_in * 1000;
    // Renew when 90% of the lifetime has passed, at most one minute before expiry.
    const marginMs = lifetimeMs === undefined ? 0 : Math.min(60_000, lifetimeMs * 0.1);
    this.#cached = {
      value: parsed.data.access_token,
      ...(lifetimeMs === undefined ? {} : { refreshAt: started + lifetimeMs - marginMs }),
    };
    this.fetchCount += 1;
    return parsed.data.access_token;
  }

  #redact(text: string): string {
    let out = text;
    for (const secret of this.secrets()) if (secret) out = out.split(secret).join('***');
    return out;
  }
}
