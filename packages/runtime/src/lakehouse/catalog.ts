import { isAbsolute } from 'node:path';
import { type LoadedProject, operationError, resolvePath, resolveSecret } from '@floe/core';
import { type Catalog, createSqlCatalog } from '@floe/iceberg';

/**
 * Opens the project's Iceberg catalog (CompiledArtifacts.catalog): the SQL catalog on SQLite/PostgreSQL, or a
 * REST catalog (OAuth2 client credentials resolved from their secret references at run time).
 */
export async function openCatalog(loaded: LoadedProject): Promise<Catalog> {
  const compiled = loaded.artifacts.catalog;
  try {
    if (compiled.type === 'rest') {
      // @floe/iceberg's REST client is not exported from its package root yet; the local runtime uses SQL catalogs.
      throw operationError(`the local runtime does not open REST catalogs yet (catalog "${compiled.profile}")`, {
        file: loaded.platformFile,
        hint: 'use platform/local.yaml (SQL catalog) for floe demo and floe trigger on this machine',
      });
    }
    const warehouse = /^[a-z][a-z0-9+.-]*:\/\//i.test(compiled.warehouse)
      ? compiled.warehouse
      : resolvePath(loaded, compiled.warehouse);
    if (compiled.driver === 'sqlite') {
      const path = compiled.path ?? 'catalog.db';
      const file = isAbsolute(path) ? path : resolvePath(loaded, path);
      return createSqlCatalog({ name: compiled.name, uri: `sqlite://${file}`, warehouse });
    }
    const password = compiled.password ? `:${encodeURIComponent(resolveSecret(compiled.password))}` : '';
    const user = compiled.user ? `${encodeURIComponent(compiled.user)}${password}@` : '';
    const uri = `postgresql://${user}${compiled.host ?? '127.0.0.1'}:${compiled.port ?? 5432}/${compiled.database ?? 'floe'}`;
    return createSqlCatalog({ name: compiled.name, uri, warehouse });
  } catch (error) {
    if (error instanceof Error && error.name === 'FloeError') throw error;
    throw operationError(
      `cannot open the Iceberg catalog "${compiled.profile}" (${compiled.type}): ${error instanceof Error ? error.message : String(error)}`,
      {
        file: loaded.platformFile,
        hint: 'check catalogs.<profile> in the platform file, and that the catalog is reachable',
        cause: error,
      },
    );
  }
}

/** Runs `fn` with the project's catalog and closes it afterwards. */
export async function withCatalog<T>(loaded: LoadedProject, fn: (catalog: Catalog) => Promise<T>): Promise<T> {
  const catalog = await openCatalog(loaded);
  try {
    return await fn(catalog);
  } finally {
    await catalog.close();
  }
}
