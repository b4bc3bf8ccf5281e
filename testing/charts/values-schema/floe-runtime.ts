import { z } from 'zod';
import { floeCommon, global } from './common.js';

/** The umbrella: each block is validated in full by its subchart's own schema; here only the switch is checked. */
const subchart = z.looseObject({ enabled: z.boolean() });

export const floeRuntimeValues = z.strictObject({
  global,
  'floe-common': floeCommon,
  'floe-infrastructure': subchart,
  'floe-dagster': subchart,
  'floe-cube': subchart,
});
