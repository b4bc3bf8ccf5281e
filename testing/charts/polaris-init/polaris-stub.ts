import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/**
 * STUB of the Apache Polaris management API and token endpoint (no real Polaris runs offline here). It follows the
 * contract of spec/polaris-management-service.yml for the calls floe's init job makes: request bodies are checked
 * against the spec's required fields, unknown routes answer 404, conflicts 409, missing tokens 401.
 */
const catalogBody = z.object({
  catalog: z.object({
    type: z.enum(['INTERNAL', 'EXTERNAL']),
    name: z.string().min(1),
    properties: z.object({ 'default-base-location': z.string() }).catchall(z.string()),
    storageConfigInfo: z
      .object({ storageType: z.enum(['S3', 'GCS', 'AZURE', 'FILE']), allowedLocations: z.array(z.string()) })
      .passthrough(),
  }),
});
const named = (key: string) => z.object({ [key]: z.object({ name: z.string().min(1) }).passthrough() }).passthrough();
const grantBody = z.object({
  grant: z
    .object({ type: z.enum(['catalog', 'namespace', 'table', 'view', 'policy']), privilege: z.string() })
    .passthrough(),
});
const namespaceBody = z.object({
  namespace: z.array(z.string()).min(1),
  properties: z.record(z.string(), z.string()).optional(),
});

interface Principal {
  clientId: string;
  clientSecret: string;
  roles: Set<string>;
}

export class PolarisStub {
  readonly root = { clientId: `root-${randomBytes(4).toString('hex')}`, clientSecret: randomBytes(16).toString('hex') };
  readonly catalogs = new Map<
    string,
    { body: unknown; namespaces: Set<string>; roles: Map<string, { privilege: string; type: string }[]> }
  >();
  readonly principals = new Map<string, Principal>();
  readonly principalRoles = new Map<string, Map<string, Set<string>>>(); // principal role -> catalog -> catalog roles
  readonly tokens = new Set<string>();
  readonly requests: string[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => this.send(res, 500, { error: { message: String(error) } }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private send(res: ServerResponse, status: number, body?: unknown): void {
    res.writeHead(status, body === undefined ? {} : { 'Content-Type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    const method = req.method ?? 'GET';
    const path = decodeURI((req.url ?? '/').split('?')[0] ?? '/');
    this.requests.push(`${method} ${path}`);
    if (req.headers['polaris-realm'] !== 'POLARIS') return this.send(res, 400, { error: { message: 'unknown realm' } });

    if (method === 'POST' && path === '/api/catalog/v1/oauth/tokens') {
      const form = new URLSearchParams(text);
      const id = form.get('client_id');
      const secret = form.get('client_secret');
      const ok =
        form.get('grant_type') === 'client_credentials' &&
        ((id === this.root.clientId && secret === this.root.clientSecret) ||
          [...this.principals.values()].some((p) => p.clientId === id && p.clientSecret === secret));
      if (!ok) return this.send(res, 401, { error: 'unauthorized_client' });
      const token = randomBytes(12).toString('hex');
      this.tokens.add(token);
      return this.send(res, 200, { access_token: token, token_type: 'bearer', expires_in: 3600 });
    }
    const auth = req.headers.authorization?.replace(/^Bearer /, '');
    if (!auth || !this.tokens.has(auth)) return this.send(res, 401, { error: { message: 'not authenticated' } });
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    const bad = (error: z.ZodError) => this.send(res, 400, { error: { message: error.message } });
    let r: RegExpMatchArray | null = null;
    const route = (re: RegExp): boolean => {
      r = path.match(re);
      return r !== null;
    };

    if (method === 'POST' && path === '/api/management/v1/catalogs') {
      const parsed = catalogBody.safeParse(body);
      if (!parsed.success) return bad(parsed.error);
      if (this.catalogs.has(parsed.data.catalog.name)) return this.send(res, 409);
      this.catalogs.set(parsed.data.catalog.name, {
        body: parsed.data.catalog,
        namespaces: new Set(),
        roles: new Map(),
      });
      return this.send(res, 201, parsed.data.catalog);
    }
    if (route(/^\/api\/management\/v1\/catalogs\/([^/]+)$/) && method === 'GET') {
      const c = this.catalogs.get(r![1]!);
      return c ? this.send(res, 200, c.body) : this.send(res, 404);
    }
    if (route(/^\/api\/catalog\/v1\/([^/]+)\/namespaces$/) && method === 'POST') {
      const c = this.catalogs.get(r![1]!);
      if (!c) return this.send(res, 404);
      const parsed = namespaceBody.safeParse(body);
      if (!parsed.success) return bad(parsed.error);
      const key = parsed.data.namespace.join('.');
      if (c.namespaces.has(key)) return this.send(res, 409);
      c.namespaces.add(key);
      return this.send(res, 200, { namespace: parsed.data.namespace, properties: {} });
    }
    if (method === 'POST' && path === '/api/management/v1/principal-roles') {
      const parsed = named('principalRole').safeParse(body);
      if (!parsed.success) return bad(parsed.error);
      const name = (parsed.data.principalRole as { name: string }).name;
      if (this.principalRoles.has(name)) return this.send(res, 409);
      this.principalRoles.set(name, new Map());
      return this.send(res, 201, { name });
    }
    if (route(/^\/api\/management\/v1\/catalogs\/([^/]+)\/catalog-roles$/) && method === 'POST') {
      const c = this.catalogs.get(r![1]!);
      if (!c) return this.send(res, 404);
      const parsed = named('catalogRole').safeParse(body);
      if (!parsed.success) return bad(parsed.error);
      const name = (parsed.data.catalogRole as { name: string }).name;
      if (c.roles.has(name)) return this.send(res, 409);
      c.roles.set(name, []);
      return this.send(res, 201, { name });
    }
    if (route(/^\/api\/management\/v1\/catalogs\/([^/]+)\/catalog-roles\/([^/]+)\/grants$/)) {
      const grants = this.catalogs.get(r![1]!)?.roles.get(r![2]!);
      if (!grants) return this.send(res, 404);
      if (method === 'GET') return this.send(res, 200, { grants });
      const parsed = grantBody.safeParse(body);
      if (!parsed.success) return bad(parsed.error);
      const { type, privilege } = parsed.data.grant;
      const index = grants.findIndex((g) => g.type === type && g.privilege === privilege);
      if (method === 'PUT' && index < 0) grants.push({ type, privilege });
      if (method === 'POST' && index >= 0) grants.splice(index, 1);
      return this.send(res, 201);
    }
    if (route(/^\/api\/management\/v1\/principal-roles\/([^/]+)\/catalog-roles\/([^/]+)$/)) {
      const assignments = this.principalRoles.get(r![1]!);
      if (!assignments || !this.catalogs.has(r![2]!)) return this.send(res, 404);
      const set = assignments.get(r![2]!) ?? new Set<string>();
      assignments.set(r![2]!, set);
      if (method === 'GET') return this.send(res, 200, { roles: [...set].map((name) => ({ name })) });
      const parsed = named('catalogRole').safeParse(body);
      if (!parsed.success) return bad(parsed.error);
      const name = (parsed.data.catalogRole as { name: string }).name;
      if (!this.catalogs.get(r![2]!)!.roles.has(name)) return this.send(res, 404);
      set.add(name);
      return this.send(res, 201);
    }
    if (method === 'POST' && path === '/api/management/v1/principals') {
      const parsed = named('principal').safeParse(body);
      if (!parsed.success) return bad(parsed.error);
      const name = (parsed.data.principal as { name: string }).name;
      if (this.principals.has(name)) return this.send(res, 409);
      const p = {
        clientId: randomBytes(8).toString('hex'),
        clientSecret: randomBytes(16).toString('hex'),
        roles: new Set<string>(),
      };
      this.principals.set(name, p);
      return this.send(res, 201, {
        principal: { name, clientId: p.clientId },
        credentials: { clientId: p.clientId, clientSecret: p.clientSecret },
      });
    }
    if (route(/^\/api\/management\/v1\/principals\/([^/]+)\/rotate$/) && method === 'POST') {
      const p = this.principals.get(r![1]!);
      if (!p) return this.send(res, 404);
      p.clientSecret = randomBytes(16).toString('hex');
      return this.send(res, 200, {
        principal: { name: r![1], clientId: p.clientId },
        credentials: { clientId: p.clientId, clientSecret: p.clientSecret },
      });
    }
    if (route(/^\/api\/management\/v1\/principals\/([^/]+)\/principal-roles$/)) {
      const p = this.principals.get(r![1]!);
      if (!p) return this.send(res, 404);
      if (method === 'GET') return this.send(res, 200, { roles: [...p.roles].map((name) => ({ name })) });
      const parsed = named('principalRole').safeParse(body);
      if (!parsed.success) return bad(parsed.error);
      const name = (parsed.data.principalRole as { name: string }).name;
      if (!this.principalRoles.has(name)) return this.send(res, 404);
      p.roles.add(name);
      return this.send(res, 201);
    }
    return this.send(res, 404, { error: { message: `stub: no route ${method} ${path}` } });
  }
}
