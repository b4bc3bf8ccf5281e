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
  mode?: unknown;
  stop?: unknown;
  close?: unknown;
}

/**
 * Starts Cube through @floe/cube: `startCube(projectCubeOptions(loaded, {port, host, onLine}))`. Looked up at run
 * time so that the runtime builds while @floe/cube's project helpers land; a missing export is a clear error.
 */
export const startCube: StartCube = async (loaded, options) => {
  const cube = floeCube as Record<string, unknown>;
  const start = cube.startCube;
  const projectOptions = cube.projectCubeOptions;
  if (typeof start !== 'function' || typeof projectOptions !== 'function') {
    throw operationError(
      'this build of @floe/cube cannot start Cube for a project (startCube/projectCubeOptions missing)',
      {
        hint: 'rebuild the packages (`make build`), or run with --no-cube',
      },
    );
  }
  const host = options.host ?? '127.0.0.1';
  const startOptions = projectOptions(loaded, {
    port: options.port,
    host,
    ...(options.onLine ? { onLine: options.onLine } : {}),
  });
  const handle = (await start(startOptions)) as CubeHandleLike;
  const url = typeof handle.url === 'string' ? handle.url : `http://${host}:${options.port}`;
  const headers: Record<string, string> = {};
  if (typeof handle.token === 'string') headers.Authorization = handle.token;
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
