import { inputError } from '@floe/core';
import { cubeLoad, startCube } from '@floe/cube';
import type { Command } from 'commander';
import { type Io, printJson, processIo } from '../output.js';
import { addProjectOptions, loadProjectFromOptions, type ProjectOptions } from '../project-options.js';

interface ServeOptions extends ProjectOptions {
  port?: string;
  host?: string;
  query?: string;
  mode?: string;
}

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw inputError(`--port must be a port number (0-65535), got "${value}"`);
  }
  return port;
}

function parseQuery(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw inputError(`--query must be a Cube query as a JSON object, got ${JSON.stringify(text.slice(0, 80))}`, {
    hint: `for example --query '{"measures":["orders.count","orders.revenue"]}'`,
  });
}

function defaultPort(url: string | null | undefined): number {
  if (!url) return 4000;
  const port = new URL(url).port;
  return port ? Number(port) : 4000;
}

/** `floe cube serve [dir]`: Cube over the project's gold/silver Iceberg tables until Ctrl-C (or one query). */
export function register(program: Command, io: Io = processIo): void {
  const cube = program.command('cube').description('the Cube semantic layer hosted by floe');
  addProjectOptions(
    cube
      .command('serve')
      .description("serve the project's Cube model over its silver and gold Iceberg tables (REST API /cubejs-api/v1)")
      .option('--port <port>', 'port (default from services.cube, else 4000; 0 picks a free one)')
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--mode <mode>', "auto, native (real Cube with its native module) or compat (floe's compatibility mode)")
      .option('--query <json>', 'run this query once, print the result and exit'),
  ).action(async (dir: string | undefined, opts: ServeOptions) => {
    if (opts.mode !== undefined && !['auto', 'native', 'compat'].includes(opts.mode)) {
      throw inputError(`--mode must be auto, native or compat, got "${opts.mode}"`);
    }
    const query = opts.query === undefined ? undefined : parseQuery(opts.query);
    const loaded = await loadProjectFromOptions({ ...opts, dir });
    const port = parsePort(opts.port, defaultPort(loaded.artifacts.consumption.cube?.url));
    const verbose = !opts.json || query === undefined;
    const server = await startCube(loaded, {
      port,
      ...(opts.host ? { host: opts.host } : {}),
      ...(opts.mode ? { mode: opts.mode as 'auto' | 'native' | 'compat' } : {}),
      ...(verbose ? { onLine: (line: string) => io.stderr(`[cube] ${line}\n`) } : {}),
    });
    if (query !== undefined) {
      try {
        const result = await cubeLoad(server.url, query, server.token, { timeoutMs: 60_000 });
        if (opts.json) printJson(io, { url: server.url, mode: server.mode, query, data: result.data });
        else for (const row of result.data) io.stdout(`${JSON.stringify(row)}\n`);
      } finally {
        await server.stop();
      }
      return;
    }
    if (opts.json) printJson(io, { url: server.url, mode: server.mode, api: `${server.url}/cubejs-api/v1` });
    else {
      io.stdout(`Cube (${server.mode}) at ${server.url}/cubejs-api/v1 — Ctrl-C stops it\n`);
      io.stdout('  Requests need a JWT signed (HS256) with the API secret: set CUBEJS_API_SECRET to choose it.\n');
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.stop();
  });
}
