import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query as the client sent them. */
  url: string;
  headers: IncomingMessage['headers'];
  /** Status the client got (an injected fault or the upstream's). */
  status: number;
  /** The upstream's Location header (resumable upload sessions), rewritten to the proxy. */
  location?: string;
  injected: boolean;
}

export interface RecordingProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  readonly requests: RecordedRequest[];
  /** The next `count` requests (matching `match` when given) are answered with `status` instead of being forwarded. */
  failNext(count: number, status: number, match?: (req: IncomingMessage) => boolean): void;
  stop(): Promise<void>;
}

/**
 * An HTTP proxy for object-store tests: forwards every request to `target` (an emulator), records what the client
 * sent, can answer requests itself (`answer`, e.g. an OAuth2 token endpoint) and injects faults (429, 503) so tests
 * see the SDK's retries. Location headers pointing at the target are rewritten to the proxy.
 */
export async function startRecordingProxy(
  target: string,
  answer?: (req: IncomingMessage, body: Buffer, res: ServerResponse) => boolean,
): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: RecordedRequest[] = [];
  const faults: Array<{ status: number; match?: (req: IncomingMessage) => boolean }> = [];
  const sockets = new Set<Socket>();
  let url = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const record: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        status: 0,
        injected: false,
      };
      requests.push(record);
      if (answer?.(req, body, res)) {
        record.status = res.statusCode;
        return;
      }
      const fault = faults.findIndex((f) => !f.match || f.match(req));
      if (fault >= 0) {
        const { status } = faults.splice(fault, 1)[0]!;
        record.status = status;
        record.injected = true;
        res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' });
        res.end(`injected ${status}`);
        return;
      }
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (up) => {
          const headers = { ...up.headers };
          if (typeof headers.location === 'string' && headers.location.startsWith(upstream.origin)) {
            headers.location = url + headers.location.slice(upstream.origin.length);
            record.location = headers.location;
          }
          record.status = up.statusCode ?? 0;
          res.writeHead(up.statusCode ?? 502, headers);
          up.pipe(res);
        },
      );
      forward.on('error', (error) => {
        record.status = 502;
        res.writeHead(502);
        res.end(String(error));
      });
      forward.end(body);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    failNext(count, status, match) {
      for (let i = 0; i < count; i++) faults.push({ status, ...(match ? { match } : {}) });
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
