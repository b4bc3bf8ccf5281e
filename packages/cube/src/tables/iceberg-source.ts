import type { DuckDBConnection } from '@duckdb/node-api';
import { type Catalog, type LoadedTable, type Namespace, registerDuckDBView, Table } from '@floe/iceberg';
import type { TableSource, TableState } from './source.js';

export interface IcebergTableSourceOptions {
  readonly catalog: Catalog;
  /**
   * Layers Cube reads, by the schema name the Cube model uses: `{ gold: ['gold'], silver: ['silver'] }` exposes every
   * table of Iceberg namespace `gold` as the DuckDB view `gold.<table>`, whatever the platform calls the namespace.
   */
  readonly layers: Readonly<Record<string, Namespace>>;
  /** Close the catalog when Cube stops. Default false (the caller owns it). */
  readonly closeCatalog?: boolean;
}

/** `s3://bucket`, `gs://bucket`, `abfss://container@account`: where a file's storage is (no match: a local path). */
const STORAGE_ROOT = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i;

/**
 * Gold (and silver) Iceberg tables for Cube, through floe's scan planning: `list` reads the catalog's current
 * metadata of each table; `register` plans the current snapshot's data files and creates the view over them
 * (`registerDuckDBView` from @floe/iceberg). Data files are never globbed.
 */
export class IcebergTableSource implements TableSource {
  readonly kind = 'iceberg';
  readonly #options: IcebergTableSourceOptions;
  readonly #loaded = new Map<string, LoadedTable>();

  constructor(options: IcebergTableSourceOptions) {
    this.#options = options;
  }

  /** Every table of the layers, as the catalog has it now, by the name the Cube model uses. */
  async #current(): Promise<Array<{ name: string; loaded: LoadedTable }>> {
    const { catalog, layers } = this.#options;
    const tables: Array<{ name: string; loaded: LoadedTable }> = [];
    for (const [schema, namespace] of Object.entries(layers)) {
      if (!(await catalog.namespaceExists(namespace))) continue;
      for (const identifier of await catalog.listTables(namespace)) {
        tables.push({ name: `${schema}.${identifier.name}`, loaded: await catalog.loadTable(identifier) });
      }
    }
    return tables;
  }

  async list(): Promise<readonly TableState[]> {
    const states: TableState[] = [];
    for (const { name, loaded } of await this.#current()) {
      this.#loaded.set(name, loaded);
      const snapshotId = loaded.metadata.currentSnapshotId;
      states.push({ name, snapshotId: snapshotId === undefined ? null : String(snapshotId) });
    }
    return states;
  }

  /**
   * The catalog answers (every table of the layers listed and loaded, as `list` does, but nothing is kept for
   * `register`), and so does the object storage: the current metadata file of one table per bucket (or container) is
   * looked up through the table's FileIO, the storage settings DuckDB reads the data files with.
   */
  async check(): Promise<void> {
    const roots = new Set<string>();
    for (const { loaded } of await this.#current()) {
      const root = STORAGE_ROOT.exec(loaded.metadataLocation)?.[0] ?? '';
      if (roots.has(root)) continue;
      roots.add(root);
      await new Table(this.#options.catalog, loaded).io.exists(loaded.metadataLocation);
    }
  }

  async register(connection: DuckDBConnection, table: TableState): Promise<void> {
    const loaded = this.#loaded.get(table.name);
    if (!loaded) return;
    await registerDuckDBView(connection, new Table(this.#options.catalog, loaded), table.name);
  }

  async close(): Promise<void> {
    if (this.#options.closeCatalog) await this.#options.catalog.close();
  }
}
