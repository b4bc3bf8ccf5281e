import type { LoadedProject } from '@floe/core';
import { type Catalog, openProjectCatalog } from '@floe/iceberg';

/** Runs `fn` with the project's catalog (any type, opened by @floe/iceberg's loader) and closes it afterwards. */
export async function withCatalog<T>(loaded: LoadedProject, fn: (catalog: Catalog) => Promise<T>): Promise<T> {
  const catalog = await openProjectCatalog(loaded);
  try {
    return await fn(catalog);
  } finally {
    await catalog.close();
  }
}
