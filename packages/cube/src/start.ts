import type { LoadedProject } from '@floe/core';
import type { ProjectCubeOptions } from './project.js';
import type { CubeServer, StartCubeOptions } from './server.js';

/**
 * Starts Cube (see server.ts). Cube's packages take about half a second to load, so they are loaded here, on the
 * first start, and not when a command that never starts Cube (generate, publish, trigger) imports @floe/cube.
 */
export function startCube(options: StartCubeOptions): Promise<CubeServer>;
export function startCube(project: LoadedProject, options: ProjectCubeOptions): Promise<CubeServer>;
export async function startCube(
  first: StartCubeOptions | LoadedProject,
  second?: ProjectCubeOptions,
): Promise<CubeServer> {
  const server = await import('./server.js');
  return 'artifacts' in first
    ? server.startCube(first, second as ProjectCubeOptions)
    : server.startCube(first as StartCubeOptions);
}
