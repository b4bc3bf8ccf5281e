import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * How a cut peer looks to its clients: `refuse`, a stopped server (the port is closed, connections are refused);
 * `hang`, a frozen server or a stalled network (connections are accepted, nothing is answered).
 */
export type Outage = 'refuse' | 'hang';

/** A TCP forwarder in front of a real server, on a fixed loopback port, that can cut it off and bring it back. */
export interface OutageProxy {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Make the server unreachable through the proxy. Open connections are reset (`refuse`) or stall (`hang`). */
  cut(outage: Outage): Promise<void>;
  /** Reachable again, on the same port; stalled connections go through now, as after a network blip. */
  restore(): Promise<void>;
  stop(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  upstream?: Socket;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}

/** Forwards every connection on a loopback port to `target` (`http://host:port`) while the proxy is up. */
export async function startOutageProxy(target: string): Promise<OutageProxy> {
  const { hostname, port: targetPort } = new URL(target);
  let state: 'up' | Outage = 'up';
  const pairs = new Set<Pair>();

  const destroy = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  };
  const forward = (pair: Pair) => {
    const upstream = connect(Number(targetPort), hostname);
    pair.upstream = upstream;
    upstream.on('data', (chunk) => pair.client.write(chunk));
    pair.client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('error', () => destroy(pair));
    upstream.on('close', () => destroy(pair));
    pair.client.resume();
  };
  const server = createServer({ pauseOnConnect: true }, (client) => {
    const pair: Pair = { client };
    pairs.add(pair);
    client.on('error', () => destroy(pair));
    client.on('close', () => destroy(pair));
    // Hung: the connection is accepted and what the client sends waits in the socket, unread.
    if (state === 'up') forward(pair);
  });
  const port = await listen(server, 0);

  return {
    url: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    async cut(outage) {
      if (state !== 'up') throw new Error(`the proxy is already cut (${state})`);
      state = outage;
      if (outage === 'refuse') {
        for (const pair of pairs) destroy(pair);
        await new Promise<void>((resolve) => server.close(() => resolve()));
      } else {
        for (const pair of pairs) {
          pair.client.pause();
          pair.upstream?.pause();
        }
      }
    },
    async restore() {
      if (state === 'refuse') await listen(server, port);
      if (state === 'hang') {
        for (const pair of pairs) {
          if (pair.upstream) {
            pair.upstream.resume();
            pair.client.resume();
          } else forward(pair);
        }
      }
      state = 'up';
    },
    async stop() {
      for (const pair of pairs) destroy(pair);
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
