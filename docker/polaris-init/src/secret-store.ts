import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClientCredentials } from './polaris.js';

/** Where floe's Polaris client credentials are kept (keys client-id and client-secret). */
export interface SecretStore {
  read(): Promise<ClientCredentials | undefined>;
  write(credentials: ClientCredentials): Promise<void>;
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A Kubernetes Secret, read and written through the API server with the pod's service account. */
export class KubernetesSecretStore implements SecretStore {
  constructor(
    private readonly name: string,
    private readonly namespace: string,
    private readonly apiServer = `https://${process.env.KUBERNETES_SERVICE_HOST}:${process.env.KUBERNETES_SERVICE_PORT}`,
    private readonly token = () => readFileSync(`${SA_DIR}/token`, 'utf8').trim(),
  ) {}

  private url(withName: boolean): string {
    const base = `${this.apiServer}/api/v1/namespaces/${encodeURIComponent(this.namespace)}/secrets`;
    return withName ? `${base}/${encodeURIComponent(this.name)}` : base;
  }

  private headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.token()}`, 'Content-Type': 'application/json', Accept: 'application/json' };
  }

  async read(): Promise<ClientCredentials | undefined> {
    const response = await fetch(this.url(true), { headers: this.headers() });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`reading Secret ${this.namespace}/${this.name} failed (HTTP ${response.status})`);
    const secret = (await response.json()) as { data?: Record<string, string> };
    const id = secret.data?.['client-id'];
    const key = secret.data?.['client-secret'];
    if (!id || !key) return undefined;
    return { clientId: Buffer.from(id, 'base64').toString(), clientSecret: Buffer.from(key, 'base64').toString() };
  }

  async write(credentials: ClientCredentials): Promise<void> {
    const body = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: { 'app.kubernetes.io/part-of': 'floe', 'app.kubernetes.io/managed-by': 'floe-polaris-init' },
      },
      type: 'Opaque',
      stringData: { 'client-id': credentials.clientId, 'client-secret': credentials.clientSecret },
    };
    let response = await fetch(this.url(true), { method: 'PUT', headers: this.headers(), body: JSON.stringify(body) });
    if (response.status === 404) {
      response = await fetch(this.url(false), { method: 'POST', headers: this.headers(), body: JSON.stringify(body) });
    }
    if (!response.ok) throw new Error(`writing Secret ${this.namespace}/${this.name} failed (HTTP ${response.status})`);
  }
}

/**
 * A directory holding one file per key (client-id, client-secret): the layout floe reads secret references from
 * (/var/run/secrets/floe/<secret>/<key>). Used where there is no Kubernetes API (docker/compose.yaml).
 */
export class DirectorySecretStore implements SecretStore {
  constructor(private readonly dir: string) {}

  async read(): Promise<ClientCredentials | undefined> {
    try {
      const clientId = (await readFile(join(this.dir, 'client-id'), 'utf8')).trim();
      const clientSecret = (await readFile(join(this.dir, 'client-secret'), 'utf8')).trim();
      return clientId && clientSecret ? { clientId, clientSecret } : undefined;
    } catch {
      return undefined;
    }
  }

  async write(credentials: ClientCredentials): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (const [key, value] of [
      ['client-id', credentials.clientId],
      ['client-secret', credentials.clientSecret],
    ] as const) {
      const target = join(this.dir, key);
      const temp = `${target}.tmp-${process.pid}`;
      await writeFile(temp, value, { mode: 0o600 });
      await rename(temp, target);
    }
  }
}

/** FLOE_POLARIS_INIT_STORE=file:<dir> selects a directory; otherwise the Kubernetes Secret named in the config. */
export function secretStoreFor(store: string | undefined, secret: { name: string; namespace: string }): SecretStore {
  if (store?.startsWith('file:')) return new DirectorySecretStore(store.slice('file:'.length));
  if (store) throw new Error(`FLOE_POLARIS_INIT_STORE must be file:<directory> or unset (got a value of another form)`);
  return new KubernetesSecretStore(secret.name, secret.namespace);
}
