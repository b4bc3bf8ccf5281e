import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy did to a request instead of (or besides) forwarding it unchanged. */
export type FaultKind = 'status' | 'slow-down' | 'reset' | 'delay' | 'drop-response';

export interface RecordedRequest {
  method: string;
  /** Path and query as the client sent them. */
  url: string;
  headers: IncomingMessage['headers'];
  /**
   * Status the client got (an injected fault or the upstream's); 0 when it got none (a reset, or the client
   * gave up while a delayed request was held).
   */
  status: number;
  /** The upstream's Location header (resumable upload sessions), rewritten to the proxy. */
  location?: string;
  injected: boolean;
  /** The fault applied to this request, if any. */
  fault?: FaultKind;
  /** Request body bytes the proxy received before it forwarded, answered or reset. */
  bodyBytes: number;
  /** Whether the request reached the upstream. */
  forwarded: boolean;
}

type RequestMatch = (req: IncomingMessage) => boolean;

type Fault =
  | { kind: 'status' | 'slow-down'; status: number; body: (req: IncomingMessage) => string; contentType: string }
  | { kind: 'reset'; afterBytes: number }
  | { kind: 'delay'; ms: number }
  | { kind: 'drop-response' };

export interface RecordingProxyOptions {
  /**
   * Forward the client's Host header unchanged instead of the target's (S3: SigV4 signs the host, so a proxy
   * that rewrote it would break every signature).
   */
  preserveHost?: boolean;
}

export interface RecordingProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  readonly requests: RecordedRequest[];
  /** The next `count` requests (matching `match` when given) are answered with `status` instead of being forwarded. */
  failNext(count: number, status: number, match?: RequestMatch): void;
  /** The next `count` matching requests get S3's throttling answer: HTTP 503 with a `SlowDown` error XML body. */
  slowDownNext(count: number, match?: RequestMatch): void;
  /**
   * The next `count` matching requests lose their connection (TCP reset) once the proxy has received `afterBytes`
   * bytes of their body (at the end of the body when it is shorter): nothing is forwarded, the client gets no answer.
   */
  resetNext(count: number, afterBytes: number, match?: RequestMatch): void;
  /**
   * The next `count` matching requests are held `ms` milliseconds before they are forwarded (a slow server); a
   * request whose client gave up meanwhile is not forwarded.
   */
  delayNext(count: number, ms: number, match?: RequestMatch): void;
  /**
   * The next `count` matching requests are forwarded and the upstream's answer is read, then the client's connection
   * is reset instead of answered: the upstream did the work, the client never learns it.
   */
  dropResponseNext(count: number, match?: RequestMatch): void;
  /** Faults queued and not yet applied to a request. */
  pendingFaults(): number;
  stop(): Promise<void>;
}

const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

let slowDownSeq = 0;
/** The body S3 sends with 503 SlowDown. */
function slowDownBody(req: IncomingMessage): string {
  const resource = (req.url ?? '/').split('?')[0]!;
  const id = `FLOEPROXY${(++slowDownSeq).toString(16).padStart(8, '0').toUpperCase()}`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><Resource>${escapeXml(resource)}</Resource><RequestId>${id}</RequestId><HostId>${id}</HostId></Error>`;
}

/** Ends a connection with a TCP RST (the client sees ECONNRESET), not an orderly close. */
function reset(socket: Socket): void {
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * An HTTP proxy for object-store tests: forwards every request to `target` (an emulator), records what the client
 * sent, can answer requests itself (`answer`, e.g. an OAuth2 token endpoint) and injects faults so tests see the
 * SDK's retries: error statuses (429, 500, 503, S3's 503 SlowDown), a connection reset in the middle of a request
 * body, a delay before forwarding, a response lost after the upstream handled the request. Location headers
 * pointing at the target are rewritten to the proxy.
 */
export async function startRecordingProxy(
  target: string,
  answer?: (req: IncomingMessage, body: Buffer, res: ServerResponse) => boolean,
  options: RecordingProxyOptions = {},
): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: RecordedRequest[] = [];
  const faults: Array<{ fault: Fault; match?: RequestMatch }> = [];
  const sockets = new Set<Socket>();
  let url = '';
  /** Removes and returns the first queued fault that applies to `req` and passes `which`. */
  const take = (req: IncomingMessage, which: (f: Fault) => boolean): Fault | undefined => {
    const i = faults.findIndex((f) => which(f.fault) && (!f.match || f.match(req)));
    return i >= 0 ? faults.splice(i, 1)[0]!.fault : undefined;
  };
  const server = createServer((req, res) => {
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      status: 0,
      injected: false,
      bodyBytes: 0,
      forwarded: false,
    };
    requests.push(record);
    // A reset has to be chosen before the body arrives; every other fault once it is complete (after `answer`).
    const early = take(req, (f) => f.kind === 'reset');
    let resetDone = false;
    const resetNow = () => {
      if (resetDone) return;
      resetDone = true;
      record.injected = true;
      record.fault = 'reset';
      reset(req.socket);
    };
    if (early?.kind === 'reset') {
      record.injected = true;
      record.fault = 'reset';
    }
    let clientGone = false;
    res.on('close', () => {
      if (!res.writableFinished) clientGone = true;
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      if (resetDone) return;
      if (early?.kind === 'reset' && record.bodyBytes + c.length >= early.afterBytes) {
        record.bodyBytes = early.afterBytes;
        resetNow();
        return;
      }
      chunks.push(c);
      record.bodyBytes += c.length;
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      if (early?.kind === 'reset') {
        resetNow();
        return;
      }
      const body = Buffer.concat(chunks);
      if (answer?.(req, body, res)) {
        record.status = res.statusCode;
        return;
      }
      const fault = take(req, (f) => f.kind !== 'reset');
      if (fault?.kind === 'status' || fault?.kind === 'slow-down') {
        record.status = fault.status;
        record.injected = true;
        record.fault = fault.kind;
        res.writeHead(fault.status, { 'content-type': fault.contentType, connection: 'close' });
        res.end(fault.body(req));
        return;
      }
      if (fault) {
        record.injected = true;
        record.fault = fault.kind;
      }
      const forwardNow = () => {
        if (clientGone) return;
        record.forwarded = true;
        const forward = httpRequest(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: req.url,
            headers: options.preserveHost ? req.headers : { ...req.headers, host: upstream.host },
          },
          (up) => {
            record.status = up.statusCode ?? 0;
            if (fault?.kind === 'drop-response') {
              // The upstream handled the request; its answer is read and thrown away, the client is cut off.
              up.resume();
              up.on('end', () => reset(req.socket));
              return;
            }
            const headers = { ...up.headers };
            if (typeof headers.location === 'string' && headers.location.startsWith(upstream.origin)) {
              headers.location = url + headers.location.slice(upstream.origin.length);
              record.location = headers.location;
            }
            res.writeHead(up.statusCode ?? 502, headers);
            up.pipe(res);
          },
        );
        forward.on('error', (error) => {
          record.status = 502;
          if (res.headersSent) {
            res.destroy();
            return;
          }
          res.writeHead(502);
          res.end(String(error));
        });
        forward.end(body);
      };
      if (fault?.kind === 'delay') setTimeout(forwardNow, fault.ms);
      else forwardNow();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const queue = (count: number, fault: Fault, match?: RequestMatch) => {
    for (let i = 0; i < count; i++) faults.push({ fault, ...(match ? { match } : {}) });
  };
  return {
    url,
    requests,
    failNext(count, status, match) {
      queue(count, { kind: 'status', status, body: () => `injected ${status}`, contentType: 'text/plain' }, match);
    },
    slowDownNext(count, match) {
      queue(count, { kind: 'slow-down', status: 503, body: slowDownBody, contentType: 'application/xml' }, match);
    },
    resetNext(count, afterBytes, match) {
      queue(count, { kind: 'reset', afterBytes }, match);
    },
    delayNext(count, ms, match) {
      queue(count, { kind: 'delay', ms }, match);
    },
    dropResponseNext(count, match) {
      queue(count, { kind: 'drop-response' }, match);
    },
    pendingFaults: () => faults.length,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
