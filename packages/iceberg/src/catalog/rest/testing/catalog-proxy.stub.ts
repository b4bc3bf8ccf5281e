/**
 * A STUB for tests only: a fault-injecting HTTP proxy in front of the real Iceberg REST catalog
 * server. It forwards every request unchanged, except that it can answer the next commit
 * (`POST .../namespaces/{ns}/tables/{t}`) with an error status AFTER forwarding it (a lost
 * response), or hold the next commit for a while (a slow server).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface CatalogProxyStub {
  uri: string;
  /** The next commit is forwarded, then answered with this status. */
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

export async function startCatalogProxyStub(upstream: string): Promise<CatalogProxyStub> {
  let failCommit: number | undefined;
  let delayCommit: number | undefined;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://stub');
      const isCommit = req.method === 'POST' && /\/namespaces\/[^/]+\/tables\/[^/]+$/.test(url.pathname);
      if (isCommit && delayCommit !== undefined) {
        const ms = delayCommit;
        delayCommit = undefined;
        await new Promise((r) => setTimeout(r, ms));
      }
      const headers: Record<string, string> = { 'content-type': req.headers['content-type'] ?? 'application/json' };
      if (req.headers.authorization) headers.authorization = req.headers.authorization;
      const response = await fetch(`${upstream}${url.pathname}${url.search}`, {
        method: req.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body } : {}),
      });
      const text = await response.text();
      if (isCommit && failCommit !== undefined) {
        const status = failCommit;
        failCommit = undefined;
        return sendJson(res, status, { error: { message: 'Bad gateway', type: 'ServerError', code: status } });
      }
      res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' });
      res.end(text);
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error), type: 'StubError', code: 500 } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    uri: `http://127.0.0.1:${port}`,
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
