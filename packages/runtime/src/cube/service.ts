import type { LoadedProject } from '@floe/core';
import { projectCubeOptions, startCube as startFloeCube } from '@floe/cube';

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

/** Starts Cube for the project through @floe/cube (its model, and the silver/gold Iceberg tables of the project). */
export const startCube: StartCube = async (loaded, options) => {
  const host = options.host ?? '127.0.0.1';
  const server = await startFloeCube(
    await projectCubeOptions(loaded, {
      port: options.port,
      host,
      ...(options.onLine ? { onLine: options.onLine } : {}),
    }),
  );
  return {
    url: server.url,
    headers: { Authorization: server.token },
    mode: server.mode,
    stop: () => server.stop(),
  };
};
