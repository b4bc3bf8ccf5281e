import type { z } from 'zod';
import { floeCubeValues } from './floe-cube.js';
import { floeDagsterValues } from './floe-dagster.js';
import { floeInfrastructureValues } from './floe-infrastructure.js';
import { floeRuntimeValues } from './floe-runtime.js';

/** Chart name -> zod schema of its values: the one source of charts/<chart>/values.schema.json. */
export const valuesSchemas: Record<string, z.ZodType> = {
  'floe-infrastructure': floeInfrastructureValues,
  'floe-dagster': floeDagsterValues,
  'floe-cube': floeCubeValues,
  'floe-runtime': floeRuntimeValues,
};
