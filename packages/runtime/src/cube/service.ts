import type { LoadedProject } from '@floe/core';
import { operationError } from '@floe/core';
import * as floeCube from '@floe/cube';

/** A running Cube: where its REST API answers and the headers a request needs (Authorization). */
export interface CubeService {
  url: string;
  headers: Record<string, string>;
  /** 'native' (real Cube with its native module) or 'compat' (floe's compatibility layer), as @floe/cube reports. */
  mode: string;
  stop(): Promise<void>;
}

export interface StartCubeOptions {
  port: number;
  host?: string;
  onLine?: (line: string) => void;
}

export type StartCube = (loaded: LoadedProject, options: StartCubeOptions) => Promise<CubeService>;

interface CubeHandleLike {
  url?: unknown;
  token?: unknown;
  headers?: unknown;
  mode?: unknown;
  stop?: unknown;
  close?: unknown;
}

/**
 * Starts Cube through @floe/cube's `startCube(loaded, {port, host})`. The function is looked up at run time so the
 * runtime builds before @floe/cube exports it; a missing export is a clear error, not a crash.
 */
export const startCube: StartCube = async (loaded, options) => {
  const start = (floeCube as Record<string, unknown>).startCube;
  if (typeof start !== 'function') {
    throw operationError('@floe/cube does not provide startCube in this build', {
      hint: 'build the packages (`make build`) or run without Cube',
    });
  }
  const handle = (await start(loaded, {
    port: options.port,
    host: options.host ?? '127.0.0.1',
    ...(options.onLine ? { onLine: options.onLine } : {}),
  })) as CubeHandleLike;
  const url = typeof handle.url === 'string' ? handle.url : `http://${options.host ?? '127.0.0.1'}:${options.port}`;
  const headers: Record<string, string> = {};
  if (handle.headers && typeof handle.headers === 'object') {
    for (const [k, v] of Object.entries(handle.headers as Record<string, unknown>))
      if (typeof v === 'string') headers[k] = v;
  }
  if (typeof handle.token === 'string' && !headers.Authorization && !headers.authorization)
    headers.Authorization = handle.token;
  const stopFn = typeof handle.stop === 'function' ? handle.stop : handle.close;
  return {
    url,
    headers,
    mode: typeof handle.mode === 'string' ? handle.mode : 'unknown',
    stop: async () => {
      if (typeof stopFn === 'function') await stopFn.call(handle);
    },
  };
};
