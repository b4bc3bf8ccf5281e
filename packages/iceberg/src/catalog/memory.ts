import { alreadyExists, IcebergError, namespaceNotFound, tableNotFound } from '../errors.js';
import type { FileIO } from '../io/file-io.js';
import { MemoryFileIO } from '../io/memory.js';
import type {
  Catalog,
  CommitTableRequest,
  CreateTableOptions,
  LoadedTable,
  Namespace,
  NamespacePropertiesUpdate,
  TableIdentifier,
} from './catalog.js';
import { formatNamespace, formatTableIdentifier, tableIdentifier } from './catalog.js';
import { applyUpdates, checkRequirements, newTableMetadata } from './metadata-builder.js';
import { nextMetadataLocation, readMetadataFile, writeMetadataFile } from './metadata-files.js';

export interface MemoryCatalogOptions {
  name?: string;
  /** Root of table locations; default `memory://warehouse`. */
  warehouse?: string;
  io?: FileIO;
}

/**
 * A catalog held in process memory; metadata files go through a FileIO (memory by default).
 * The reference implementation of the Catalog contract.
 */
export class MemoryCatalog implements Catalog {
  readonly name: string;
  private readonly warehouse: string;
  private readonly io: FileIO;
  private readonly namespaces = new Map<string, Record<string, string>>();
  private readonly tables = new Map<string, { identifier: TableIdentifier; metadataLocation: string }>();

  constructor(options: MemoryCatalogOptions = {}) {
    this.name = options.name ?? 'memory';
    this.warehouse = (options.warehouse ?? 'memory://warehouse').replace(/\/+$/, '');
    this.io = options.io ?? new MemoryFileIO();
  }

  fileIO(): FileIO {
    return this.io;
  }

  private requireNamespace(namespace: Namespace): void {
    if (!this.namespaces.has(formatNamespace(namespace))) throw namespaceNotFound(formatNamespace(namespace));
  }

  async createNamespace(namespace: Namespace, properties: Record<string, string> = {}): Promise<void> {
    const key = formatNamespace(namespace);
    if (this.namespaces.has(key)) throw alreadyExists('namespace', key);
    this.namespaces.set(key, { ...properties });
  }

  async listNamespaces(parent: Namespace = []): Promise<Namespace[]> {
    const out = new Map<string, Namespace>();
    for (const key of this.namespaces.keys()) {
      const levels = key.split('.');
      if (levels.length <= parent.length || parent.some((p, i) => levels[i] !== p)) continue;
      const child = levels.slice(0, parent.length + 1);
      out.set(child.join('.'), child);
    }
    return [...out.values()];
  }

  async namespaceExists(namespace: Namespace): Promise<boolean> {
    return this.namespaces.has(formatNamespace(namespace));
  }

  async loadNamespaceProperties(namespace: Namespace): Promise<Record<string, string>> {
    this.requireNamespace(namespace);
    return { ...this.namespaces.get(formatNamespace(namespace)) };
  }

  async updateNamespaceProperties(
    namespace: Namespace,
    removals: string[],
    updates: Record<string, string>,
  ): Promise<NamespacePropertiesUpdate> {
    this.requireNamespace(namespace);
    const props = this.namespaces.get(formatNamespace(namespace))!;
    const removed = removals.filter((k) => k in props);
    const missing = removals.filter((k) => !(k in props));
    for (const k of removed) delete props[k];
    Object.assign(props, updates);
    return { updated: Object.keys(updates), removed, missing };
  }

  async dropNamespace(namespace: Namespace): Promise<void> {
    this.requireNamespace(namespace);
    const key = formatNamespace(namespace);
    if ((await this.listTables(namespace)).length > 0) {
      throw new IcebergError('NamespaceNotEmpty', `namespace ${key} is not empty`, { context: { namespace: key } });
    }
    this.namespaces.delete(key);
  }

  async createTable(identifier: TableIdentifier, options: CreateTableOptions): Promise<LoadedTable> {
    this.requireNamespace(identifier.namespace);
    const key = formatTableIdentifier(identifier);
    if (this.tables.has(key)) throw alreadyExists('table', key);
    const location = options.location ?? `${this.warehouse}/${identifier.namespace.join('/')}/${identifier.name}`;
    const metadata = newTableMetadata({ ...options, location });
    const metadataLocation = nextMetadataLocation(location);
    await writeMetadataFile(this.io, metadataLocation, metadata);
    this.tables.set(key, { identifier: tableIdentifier(identifier.namespace, identifier.name), metadataLocation });
    return { identifier, metadataLocation, metadata };
  }

  async loadTable(identifier: TableIdentifier): Promise<LoadedTable> {
    const entry = this.tables.get(formatTableIdentifier(identifier));
    if (!entry) throw tableNotFound(formatTableIdentifier(identifier));
    const metadata = await readMetadataFile(this.io, entry.metadataLocation);
    return { identifier: entry.identifier, metadataLocation: entry.metadataLocation, metadata };
  }

  async tableExists(identifier: TableIdentifier): Promise<boolean> {
    return this.tables.has(formatTableIdentifier(identifier));
  }

  async listTables(namespace: Namespace): Promise<TableIdentifier[]> {
    this.requireNamespace(namespace);
    const key = formatNamespace(namespace);
    return [...this.tables.values()]
      .filter((t) => formatNamespace(t.identifier.namespace) === key)
      .map((t) => t.identifier);
  }

  async dropTable(identifier: TableIdentifier, options: { purge?: boolean } = {}): Promise<void> {
    const key = formatTableIdentifier(identifier);
    const entry = this.tables.get(key);
    if (!entry) throw tableNotFound(key);
    if (options.purge) {
      const { metadata } = await this.loadTable(identifier);
      for (const f of await this.io.list(`${metadata.location}/`)) await this.io.delete(f.location);
    }
    this.tables.delete(key);
  }

  async renameTable(from: TableIdentifier, to: TableIdentifier): Promise<void> {
    const fromKey = formatTableIdentifier(from);
    const toKey = formatTableIdentifier(to);
    const entry = this.tables.get(fromKey);
    if (!entry) throw tableNotFound(fromKey);
    this.requireNamespace(to.namespace);
    if (this.tables.has(toKey)) throw alreadyExists('table', toKey);
    this.tables.delete(fromKey);
    this.tables.set(toKey, {
      identifier: tableIdentifier(to.namespace, to.name),
      metadataLocation: entry.metadataLocation,
    });
  }

  async registerTable(identifier: TableIdentifier, metadataLocation: string): Promise<LoadedTable> {
    this.requireNamespace(identifier.namespace);
    const key = formatTableIdentifier(identifier);
    if (this.tables.has(key)) throw alreadyExists('table', key);
    const metadata = await readMetadataFile(this.io, metadataLocation);
    this.tables.set(key, { identifier: tableIdentifier(identifier.namespace, identifier.name), metadataLocation });
    return { identifier, metadataLocation, metadata };
  }

  async commitTable(identifier: TableIdentifier, request: CommitTableRequest): Promise<LoadedTable> {
    const key = formatTableIdentifier(identifier);
    const entry = this.tables.get(key);
    if (!entry) throw tableNotFound(key);
    const base = await readMetadataFile(this.io, entry.metadataLocation);
    checkRequirements(base, request.requirements, key);
    const metadata = applyUpdates(base, request.updates, entry.metadataLocation);
    const metadataLocation = nextMetadataLocation(metadata.location, entry.metadataLocation);
    await writeMetadataFile(this.io, metadataLocation, metadata);
    // compare-and-swap: another commit may have landed while we wrote the file
    if (this.tables.get(key)?.metadataLocation !== entry.metadataLocation) {
      await this.io.delete(metadataLocation);
      throw new IcebergError('CommitConflict', `table ${key} changed during the commit`, { context: { table: key } });
    }
    this.tables.set(key, { identifier: entry.identifier, metadataLocation });
    return { identifier: entry.identifier, metadataLocation, metadata };
  }

  async close(): Promise<void> {}
}
