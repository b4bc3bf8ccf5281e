import type { LoadedProject } from '@floe/core';
import { withCatalog } from '../lakehouse/catalog.js';
import { type LayerRows, layerRows } from '../lakehouse/layers.js';

/** Row counts per layer and table: what `floe demo --status --json` prints and the seed sensor reads. */
export async function projectStatus(loaded: LoadedProject): Promise<{ layers: LayerRows }> {
  return { layers: await withCatalog(loaded, (catalog) => layerRows(loaded.artifacts, catalog)) };
}
