import { inputError } from '@floe/core';
import type { Dataset } from './dataset.js';
import { ecommerce } from './ecommerce/index.js';
import { saas } from './saas/index.js';

/** Every dataset `floe generate` knows, by name. */
export const DATASETS: ReadonlyMap<string, Dataset> = new Map([
  [ecommerce.name, ecommerce],
  [saas.name, saas],
]);

export function datasetByName(name: string): Dataset {
  const dataset = DATASETS.get(name);
  if (!dataset)
    throw inputError(`unknown dataset "${name}"`, { hint: `choose one of: ${[...DATASETS.keys()].join(', ')}` });
  return dataset;
}
