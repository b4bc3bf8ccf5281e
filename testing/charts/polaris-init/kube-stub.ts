import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** STUB of the two Kubernetes API calls the init job makes on Secrets (GET, PUT, POST); checks the bearer token. */
export class KubeSecretsStub {
  readonly secrets = new Map<string, Record<string, string>>(); // "<ns>/<name>" -> data (base64)
  readonly token = `sa-token-${process.pid}`;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const send = (status: number, body?: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body ?? {}));
      };
      if (req.headers.authorization !== `Bearer ${this.token}`) return send(401);
      const match = (req.url ?? '').match(/^\/api\/v1\/namespaces\/([^/]+)\/secrets(?:\/([^/]+))?$/);
      if (!match) return send(404);
      const [, ns, name] = match;
      if (req.method === 'GET' && name) {
        const data = this.secrets.get(`${ns}/${name}`);
        return data ? send(200, { kind: 'Secret', data }) : send(404);
      }
      const body = JSON.parse(Buffer.concat(chunks).toString()) as {
        metadata: { name: string };
        stringData: Record<string, string>;
      };
      const key = `${ns}/${body.metadata.name}`;
      if (req.method === 'PUT' && !this.secrets.has(key)) return send(404);
      if (req.method === 'POST' && this.secrets.has(key)) return send(409);
      const data = Object.fromEntries(
        Object.entries(body.stringData).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      );
      this.secrets.set(key, data);
      return send(req.method === 'POST' ? 201 : 200, { kind: 'Secret' });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
