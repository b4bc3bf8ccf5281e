import { createServer } from 'node:net';
import { inputError } from '@floe/core';

/** True when nothing listens on 127.0.0.1:port. */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Fails with a message naming the service, the port and the option that changes it. */
export async function assertPortFree(port: number, service: string, option: string): Promise<void> {
  if (await portIsFree(port)) return;
  throw inputError(`port ${port} for ${service} is already in use`, {
    hint: `stop whatever listens on 127.0.0.1:${port} (another floe demo?) or choose another port with ${option} <port>`,
  });
}

/** A free port chosen by the operating system. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The port of an http URL (default 80/443). */
export function urlPort(url: string): number {
  const parsed = new URL(url);
  if (parsed.port) return Number(parsed.port);
  return parsed.protocol === 'https:' ? 443 : 80;
}
