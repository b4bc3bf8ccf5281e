import { alreadyExists, IcebergError, isIcebergError, namespaceNotFound, tableNotFound } from '../../errors.js';
import type { FileIO, StorageProperties } from '../../io/file-io.js';
import { fileIOFor } from '../../io/registry.js';
import { RelocatedFileIO } from '../../io/relocated.js';
import type {
  Catalog,
  CommitTableRequest,
  CreateTableOptions,
  LoadedTable,
  Namespace,
  NamespacePropertiesUpdate,
  TableIdentifier,
} from '../catalog.js';
import { formatNamespace, formatTableIdentifier, tableIdentifier } from '../catalog.js';
import { applyUpdates, checkRequirements, newTableMetadata } from '../metadata-builder.js';
import { nextMetadataLocation, readMetadataFile, writeMetadataFile } from '../metadata-files.js';
import type { SqlDriver } from './driver.js';
import { ensureCatalogTables } from './schema.js';

export interface SqlCatalogOptions {
  /** Catalog name (the catalog_name column); PyIceberg must use the same name. */
  name: string;
  driver: SqlDriver;
  /** Root for new tables: `<warehouse>/<namespace>.db/<table>` (PyIceberg's layout). */
  warehouse: string;
  /** Storage properties (`s3.*`, `gcs.*`, `adls.*`) for the table files; none for local warehouses. */
  storage?: StorageProperties;
}

const TABLE_TYPE = 'TABLE';

const isLocal = (location: string) => location.startsWith('/') || location.startsWith('file:');

/**
 * The SQL catalog: tables and namespace properties in the same tables PyIceberg's SqlCatalog and
 * Java's JdbcCatalog use; commits are a compare-and-swap of metadata_location.
 */
export class SqlCatalog implements Catalog {
  readonly name: string;
  private readonly driver: SqlDriver;
  private readonly warehouse: string;
  private readonly storage: StorageProperties;
  private relocation: { from: string; to: string } | undefined;
  private ready: Promise<boolean> | undefined;

  constructor(options: SqlCatalogOptions) {
    this.name = options.name;
    this.driver = options.driver;
    this.warehouse = options.warehouse.replace(/\/+$/, '');
    this.storage = options.storage ?? {};
  }

  /** Creates the catalog tables if needed; resolves to whether iceberg_type exists. */
  private init(): Promise<boolean> {
    this.ready ??= ensureCatalogTables(this.driver);
    return this.ready;
  }

  fileIO(location: string): FileIO {
    const io = fileIOFor(location, this.storage);
    return this.relocation && isLocal(location)
      ? new RelocatedFileIO(io, this.relocation.from, this.relocation.to)
      : io;
  }

  /**
   * A local warehouse that moved: when a table's recorded metadata lives under another root than this catalog's
   * warehouse (the project was moved or copied), that root is served from this warehouse from then on (see
   * RelocatedFileIO), provided this warehouse holds the table's metadata file. Locations in the catalog and the metadata stay as recorded, so what PyIceberg reads through the
   * same catalog file is unchanged; floe never touches the other root.
   */
  private async detectRelocation(identifier: TableIdentifier, metadataLocation: string): Promise<void> {
    if (this.relocation || !isLocal(this.warehouse) || !isLocal(metadataLocation)) return;
    const root = this.warehouse.replace(/^file:(\/\/)?/, '');
    if (metadataLocation.replace(/^file:(\/\/)?/, '').startsWith(`${root}/`)) return;
    const marker = `/${formatNamespace(identifier.namespace)}.db/${identifier.name}/metadata/`;
    const at = metadataLocation.indexOf(marker);
    if (at <= 0) return;
    const from = metadataLocation.slice(0, at);
    // Only when this warehouse really holds the table's files (a table kept elsewhere on purpose stays where it is).
    if (!(await fileIOFor(this.warehouse).exists(`${this.warehouse}${metadataLocation.slice(from.length)}`))) return;
    this.relocation = { from, to: this.warehouse };
  }

  private async typeFilter(): Promise<string> {
    return (await this.init()) ? ` AND (iceberg_type = '${TABLE_TYPE}' OR iceberg_type IS NULL)` : '';
  }

  async createNamespace(namespace: Namespace, properties: Record<string, string> = {}): Promise<void> {
    await this.init();
    const ns = formatNamespace(namespace);
    if (await this.namespaceExists(namespace)) throw alreadyExists('namespace', ns);
    const props = Object.keys(properties).length > 0 ? properties : { exists: 'true' };
    for (const [k, v] of Object.entries(props)) {
      await this.driver.run(
        'INSERT INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value) VALUES (?, ?, ?, ?)',
        [this.name, ns, k, v],
      );
    }
  }

  async listNamespaces(parent: Namespace = []): Promise<Namespace[]> {
    await this.init();
    if (parent.length > 0 && !(await this.namespaceExists(parent))) throw namespaceNotFound(formatNamespace(parent));
    const rows = await this.driver.all<{ ns: string }>(
      `SELECT table_namespace AS ns FROM iceberg_tables WHERE catalog_name = ?
       UNION SELECT namespace AS ns FROM iceberg_namespace_properties WHERE catalog_name = ?`,
      [this.name, this.name],
    );
    const out = new Map<string, Namespace>();
    for (const { ns } of rows) {
      const levels = ns.split('.');
      if (levels.length <= parent.length || parent.some((p, i) => levels[i] !== p)) continue;
      const child = levels.slice(0, parent.length + 1);
      out.set(child.join('.'), child);
    }
    return [...out.values()];
  }

  async namespaceExists(namespace: Namespace): Promise<boolean> {
    await this.init();
    const ns = formatNamespace(namespace);
    const like = `${ns.replace(/[!_%]/g, (c) => `!${c}`)}.%`;
    const rows = await this.driver.all(
      `SELECT 1 AS x FROM iceberg_tables WHERE catalog_name = ? AND (table_namespace = ? OR table_namespace LIKE ? ESCAPE '!')
       UNION ALL SELECT 1 AS x FROM iceberg_namespace_properties WHERE catalog_name = ? AND (namespace = ? OR namespace LIKE ? ESCAPE '!')`,
      [this.name, ns, like, this.name, ns, like],
    );
    return rows.length > 0;
  }

  async loadNamespaceProperties(namespace: Namespace): Promise<Record<string, string>> {
    if (!(await this.namespaceExists(namespace))) throw namespaceNotFound(formatNamespace(namespace));
    const rows = await this.driver.all<{ property_key: string; property_value: string }>(
      'SELECT property_key, property_value FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?',
      [this.name, formatNamespace(namespace)],
    );
    return Object.fromEntries(rows.map((r) => [r.property_key, r.property_value]));
  }

  async updateNamespaceProperties(
    namespace: Namespace,
    removals: string[],
    updates: Record<string, string>,
  ): Promise<NamespacePropertiesUpdate> {
    const current = await this.loadNamespaceProperties(namespace);
    const ns = formatNamespace(namespace);
    const removed = removals.filter((k) => k in current);
    const missing = removals.filter((k) => !(k in current));
    for (const k of removed) {
      await this.driver.run(
        'DELETE FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ? AND property_key = ?',
        [this.name, ns, k],
      );
    }
    for (const [k, v] of Object.entries(updates)) {
      const n = await this.driver.run(
        'UPDATE iceberg_namespace_properties SET property_value = ? WHERE catalog_name = ? AND namespace = ? AND property_key = ?',
        [v, this.name, ns, k],
      );
      if (n === 0) {
        await this.driver.run(
          'INSERT INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value) VALUES (?, ?, ?, ?)',
          [this.name, ns, k, v],
        );
      }
    }
    return { updated: Object.keys(updates), removed, missing };
  }

  async dropNamespace(namespace: Namespace): Promise<void> {
    const ns = formatNamespace(namespace);
    if (!(await this.namespaceExists(namespace))) throw namespaceNotFound(ns);
    if ((await this.listTables(namespace)).length > 0) {
      throw new IcebergError('NamespaceNotEmpty', `namespace ${ns} is not empty`, { context: { namespace: ns } });
    }
    await this.driver.run('DELETE FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?', [
      this.name,
      ns,
    ]);
  }

  private async row(identifier: TableIdentifier): Promise<{ metadata_location: string | null } | undefined> {
    const rows = await this.driver.all<{ metadata_location: string | null }>(
      `SELECT metadata_location FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?${await this.typeFilter()}`,
      [this.name, formatNamespace(identifier.namespace), identifier.name],
    );
    return rows[0];
  }

  private async defaultLocation(identifier: TableIdentifier): Promise<string> {
    const props = await this.loadNamespaceProperties(identifier.namespace);
    const base = props.location?.replace(/\/+$/, '');
    return base
      ? `${base}/${identifier.name}`
      : `${this.warehouse}/${formatNamespace(identifier.namespace)}.db/${identifier.name}`;
  }

  private async insertRow(identifier: TableIdentifier, metadataLocation: string): Promise<void> {
    const hasType = await this.init();
    const key = formatTableIdentifier(identifier);
    try {
      await this.driver.run(
        hasType
          ? 'INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location, iceberg_type) VALUES (?, ?, ?, ?, NULL, ?)'
          : 'INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location) VALUES (?, ?, ?, ?, NULL)',
        [
          this.name,
          formatNamespace(identifier.namespace),
          identifier.name,
          metadataLocation,
          ...(hasType ? [TABLE_TYPE] : []),
        ],
      );
    } catch (error) {
      if (isIcebergError(error, 'AlreadyExists')) throw alreadyExists('table', key);
      throw error;
    }
  }

  async createTable(identifier: TableIdentifier, options: CreateTableOptions): Promise<LoadedTable> {
    await this.init();
    const key = formatTableIdentifier(identifier);
    if (!(await this.namespaceExists(identifier.namespace)))
      throw namespaceNotFound(formatNamespace(identifier.namespace));
    if (await this.row(identifier)) throw alreadyExists('table', key);
    const location = options.location ?? (await this.defaultLocation(identifier));
    const metadata = newTableMetadata({ ...options, location });
    const metadataLocation = nextMetadataLocation(location);
    const io = this.fileIO(location);
    await writeMetadataFile(io, metadataLocation, metadata);
    try {
      await this.insertRow(identifier, metadataLocation);
    } catch (error) {
      await io.delete(metadataLocation);
      throw error;
    }
    return { identifier: tableIdentifier(identifier.namespace, identifier.name), metadataLocation, metadata };
  }

  async loadTable(identifier: TableIdentifier): Promise<LoadedTable> {
    await this.init();
    const row = await this.row(identifier);
    if (!row?.metadata_location) throw tableNotFound(formatTableIdentifier(identifier));
    await this.detectRelocation(identifier, row.metadata_location);
    const metadata = await readMetadataFile(this.fileIO(row.metadata_location), row.metadata_location);
    return {
      identifier: tableIdentifier(identifier.namespace, identifier.name),
      metadataLocation: row.metadata_location,
      metadata,
    };
  }

  async tableExists(identifier: TableIdentifier): Promise<boolean> {
    await this.init();
    return (await this.row(identifier)) !== undefined;
  }

  async listTables(namespace: Namespace): Promise<TableIdentifier[]> {
    await this.init();
    if (!(await this.namespaceExists(namespace))) throw namespaceNotFound(formatNamespace(namespace));
    const rows = await this.driver.all<{ table_name: string }>(
      `SELECT table_name FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ?${await this.typeFilter()} ORDER BY table_name`,
      [this.name, formatNamespace(namespace)],
    );
    return rows.map((r) => tableIdentifier(namespace, r.table_name));
  }

  async dropTable(identifier: TableIdentifier, options: { purge?: boolean } = {}): Promise<void> {
    await this.init();
    const key = formatTableIdentifier(identifier);
    const loaded = options.purge ? await this.loadTable(identifier) : undefined;
    const n = await this.driver.run(
      `DELETE FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?${await this.typeFilter()}`,
      [this.name, formatNamespace(identifier.namespace), identifier.name],
    );
    if (n === 0) throw tableNotFound(key);
    if (loaded) {
      const io = this.fileIO(loaded.metadata.location);
      for (const f of await io.list(`${loaded.metadata.location.replace(/\/+$/, '')}/`)) await io.delete(f.location);
    }
  }

  async renameTable(from: TableIdentifier, to: TableIdentifier): Promise<void> {
    await this.init();
    if (!(await this.row(from))) throw tableNotFound(formatTableIdentifier(from));
    if (!(await this.namespaceExists(to.namespace))) throw namespaceNotFound(formatNamespace(to.namespace));
    if (await this.row(to)) throw alreadyExists('table', formatTableIdentifier(to));
    try {
      const n = await this.driver.run(
        `UPDATE iceberg_tables SET table_namespace = ?, table_name = ? WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?${await this.typeFilter()}`,
        [formatNamespace(to.namespace), to.name, this.name, formatNamespace(from.namespace), from.name],
      );
      if (n === 0) throw tableNotFound(formatTableIdentifier(from));
    } catch (error) {
      if (isIcebergError(error, 'AlreadyExists')) throw alreadyExists('table', formatTableIdentifier(to));
      throw error;
    }
  }

  async registerTable(identifier: TableIdentifier, metadataLocation: string): Promise<LoadedTable> {
    await this.init();
    if (!(await this.namespaceExists(identifier.namespace)))
      throw namespaceNotFound(formatNamespace(identifier.namespace));
    const metadata = await readMetadataFile(this.fileIO(metadataLocation), metadataLocation);
    await this.insertRow(identifier, metadataLocation);
    return { identifier: tableIdentifier(identifier.namespace, identifier.name), metadataLocation, metadata };
  }

  async commitTable(identifier: TableIdentifier, request: CommitTableRequest): Promise<LoadedTable> {
    const key = formatTableIdentifier(identifier);
    const current = await this.loadTable(identifier);
    checkRequirements(current.metadata, request.requirements, key);
    const metadata = applyUpdates(current.metadata, request.updates, current.metadataLocation);
    const metadataLocation = nextMetadataLocation(metadata.location, current.metadataLocation);
    const io = this.fileIO(metadataLocation);
    await writeMetadataFile(io, metadataLocation, metadata);
    let swapped: number;
    try {
      swapped = await this.driver.run(
        `UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ?
          WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND metadata_location = ?`,
        [
          metadataLocation,
          current.metadataLocation,
          this.name,
          formatNamespace(identifier.namespace),
          identifier.name,
          current.metadataLocation,
        ],
      );
    } catch (error) {
      if (this.driver.dialect === 'sqlite' && isIcebergError(error, 'ServiceUnavailable')) {
        await io.delete(metadataLocation); // SQLite: a busy statement did not run
        throw error;
      }
      throw new IcebergError('CommitStateUnknown', `commit to ${key} may or may not have been applied`, {
        context: { table: key, metadataLocation },
        cause: error,
      });
    }
    if (swapped !== 1) {
      await io.delete(metadataLocation);
      throw new IcebergError('CommitConflict', `table ${key} was updated by another writer`, {
        context: { table: key },
      });
    }
    return { identifier: current.identifier, metadataLocation, metadata };
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}
