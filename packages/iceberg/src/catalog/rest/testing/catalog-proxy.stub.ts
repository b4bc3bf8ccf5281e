/**
 * A STUB for tests only: an HTTP proxy placed in front of the real Iceberg REST catalog server to
 * add what that server lacks or to inject faults. It
 *  - serves an OAuth2 client-credentials token endpoint that checks the client secret and issues
 *    tokens it can revoke (the real fixture accepts any secret and checks no token);
 *  - answers 401 to catalog requests without a currently valid bearer token;
 *  - can fail commits (after forwarding them, to simulate a lost response) or delay them.
 * Everything else is forwarded unchanged to the real server.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface CatalogProxyStubOptions {
  upstream: string;
  clientId: string;
  clientSecret: string;
  /** `expires_in` of issued tokens, seconds. */
  expiresIn?: number;
}

export interface CatalogProxyStub {
  uri: string;
  tokenEndpoint: string;
  /** Tokens issued so far. */
  issued: string[];
  /** Scopes requested so far. */
  scopes: string[];
  /** Makes every issued token invalid (as if it expired server-side). */
  revokeAll(): void;
  /** The next commit (POST .../tables/{t}) is forwarded, then answered with this status. */
  failNextCommitAfterForwarding(status: number): void;
  /** The next commit is held this long before being forwarded. */
  delayNextCommit(ms: number): void;
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const sendJson = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

export async function startCatalogProxyStub(options: CatalogProxyStubOptions): Promise<CatalogProxyStub> {
  const valid = new Set<string>();
  const issued: string[] = [];
  const scopes: string[] = [];
  let failCommit: number | undefined;
  let delayCommit: number | undefined;

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://stub');
      if (req.method === 'POST' && url.pathname === '/v1/oauth/tokens') {
        const form = new URLSearchParams(body.toString('utf8'));
        let id = form.get('client_id');
        let secret = form.get('client_secret');
        const basic = req.headers.authorization?.match(/^Basic (.+)$/);
        if (basic?.[1]) {
          const [u, p] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
          id = decodeURIComponent(u ?? '');
          secret = decodeURIComponent(p ?? '');
        }
        if (form.get('grant_type') !== 'client_credentials') {
          return sendJson(res, 400, { error: 'unsupported_grant_type' });
        }
        if (id !== options.clientId || secret !== options.clientSecret) {
          return sendJson(res, 401, { error: 'invalid_client', error_description: 'client authentication failed' });
        }
        scopes.push(form.get('scope') ?? '');
        const token = `stub-${randomBytes(8).toString('hex')}`;
        valid.add(token);
        issued.push(token);
        return sendJson(res, 200, {
          access_token: token,
          token_type: 'bearer',
          ...(options.expiresIn ? { expires_in: options.expiresIn } : {}),
          issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        });
      }
      const bearer = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
      if (!bearer || !valid.has(bearer)) {
        return sendJson(res, 401, {
          error: { message: 'Not authorized: token invalid or expired', type: 'NotAuthorizedException', code: 401 },
        });
      }
      const isCommit = req.method === 'POST' && /\/namespaces\/[^/]+\/tables\/[^/]+$/.test(url.pathname);
      if (isCommit && delayCommit !== undefined) {
        const ms = delayCommit;
        delayCommit = undefined;
        await new Promise((r) => setTimeout(r, ms));
      }
      const upstream = await fetch(`${options.upstream}${url.pathname}${url.search}`, {
        method: req.method ?? 'GET',
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        ...(body.length > 0 ? { body } : {}),
      });
      const text = await upstream.text();
      if (isCommit && failCommit !== undefined) {
        const status = failCommit;
        failCommit = undefined;
        return sendJson(res, status, { error: { message: 'Bad gateway', type: 'ServerError', code: status } });
      }
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(text);
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error), type: 'StubError', code: 500 } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const uri = `http://127.0.0.1:${port}`;
  return {
    uri,
    tokenEndpoint: `${uri}/v1/oauth/tokens`,
    issued,
    scopes,
    revokeAll: () => valid.clear(),
    failNextCommitAfterForwarding: (status) => {
      failCommit = status;
    },
    delayNextCommit: (ms) => {
      delayCommit = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
