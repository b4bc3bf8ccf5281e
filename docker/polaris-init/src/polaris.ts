import type { Connection } from './config.js';

/** A minimal client of the Polaris management API (spec/polaris-management-service.yml) and the token endpoint. */

export class PolarisError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface Grant {
  type: string;
  privilege: string;
  namespace?: string[];
}

export class PolarisClient {
  private token = '';

  constructor(private readonly connection: Connection) {}

  /** OAuth2 client-credentials token; throws PolarisError(401) for rejected credentials. */
  async fetchToken(credentials: ClientCredentials): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      scope: 'PRINCIPAL_ROLE:ALL',
    });
    const response = await fetch(`${this.connection.url}/api/catalog/v1/oauth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Polaris-Realm': this.connection.realm },
      body,
    });
    const json = (await response.json().catch(() => ({}))) as { access_token?: unknown };
    if (!response.ok || typeof json.access_token !== 'string') {
      throw new PolarisError(
        `token request rejected (HTTP ${response.status})`,
        response.status === 200 ? 401 : response.status,
      );
    }
    return json.access_token;
  }

  async login(): Promise<void> {
    this.token = await this.fetchToken(this.connection);
  }

  /** Sends a request; returns the status and parsed body. 404 and 409 are returned, other errors thrown. */
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${this.connection.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        'Polaris-Realm': this.connection.realm,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : undefined;
    if (response.ok || response.status === 404 || response.status === 409) return { status: response.status, json };
    const message = (json as { error?: { message?: string } } | undefined)?.error?.message ?? text.slice(0, 200);
    throw new PolarisError(`${method} ${path} failed (HTTP ${response.status}): ${message}`, response.status);
  }
}

export const management = '/api/management/v1';
export const enc = encodeURIComponent;
