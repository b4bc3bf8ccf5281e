import { dataInvalid } from '../errors.js';
import type { FileIO } from '../io/file-io.js';
import type { PartitionSpec } from '../spec/partition.js';
import type { Schema } from '../spec/schema.js';
import type { SortOrder } from '../spec/sort-order.js';
import type { TableMetadata } from '../spec/table-metadata.js';
import type { TableRequirement, TableUpdate } from '../spec/updates.js';

/** A namespace is a list of levels (`['bronze']`, `['a', 'b']`). */
export type Namespace = readonly string[];

export interface TableIdentifier {
  readonly namespace: Namespace;
  readonly name: string;
}

export interface CreateTableOptions {
  schema: Schema;
  partitionSpec?: PartitionSpec;
  sortOrder?: SortOrder;
  /** Defaults to `<warehouse>/<namespace path>/<name>` as the catalog decides. */
  location?: string;
  properties?: Record<string, string>;
}

/** A table as a catalog returns it: where its current metadata lives and that metadata. */
export interface LoadedTable {
  readonly identifier: TableIdentifier;
  readonly metadataLocation: string;
  readonly metadata: TableMetadata;
}

export interface NamespacePropertiesUpdate {
  updated: string[];
  removed: string[];
  missing: string[];
}

export interface CommitTableRequest {
  requirements: TableRequirement[];
  updates: TableUpdate[];
}

/**
 * The catalog contract. The in-memory, SQL and REST catalogs implement it and run one conformance
 * suite (`catalogConformanceSuite`). Failures are `IcebergError`s with these kinds:
 * NamespaceNotFound, NamespaceNotEmpty, TableNotFound, AlreadyExists, CommitConflict (requirements
 * not met; retryable), CommitStateUnknown (the outcome could not be determined; never retry blindly).
 */
export interface Catalog {
  readonly name: string;
  /** Storage for the tables of this catalog (metadata, manifests, data files). */
  fileIO(location: string): FileIO;

  createNamespace(namespace: Namespace, properties?: Record<string, string>): Promise<void>;
  /** Namespaces directly below `parent` (top-level ones without it). */
  listNamespaces(parent?: Namespace): Promise<Namespace[]>;
  namespaceExists(namespace: Namespace): Promise<boolean>;
  loadNamespaceProperties(namespace: Namespace): Promise<Record<string, string>>;
  updateNamespaceProperties(
    namespace: Namespace,
    removals: string[],
    updates: Record<string, string>,
  ): Promise<NamespacePropertiesUpdate>;
  /** Fails with NamespaceNotEmpty when tables remain in it. */
  dropNamespace(namespace: Namespace): Promise<void>;

  createTable(identifier: TableIdentifier, options: CreateTableOptions): Promise<LoadedTable>;
  loadTable(identifier: TableIdentifier): Promise<LoadedTable>;
  tableExists(identifier: TableIdentifier): Promise<boolean>;
  listTables(namespace: Namespace): Promise<TableIdentifier[]>;
  /** Removes the table from the catalog; with `purge` also deletes its files. */
  dropTable(identifier: TableIdentifier, options?: { purge?: boolean }): Promise<void>;
  renameTable(from: TableIdentifier, to: TableIdentifier): Promise<void>;
  /** Adds an existing table by its metadata file. */
  registerTable(identifier: TableIdentifier, metadataLocation: string): Promise<LoadedTable>;
  /**
   * Checks `requirements` against the current metadata and applies `updates` atomically
   * (compare-and-swap of the metadata location). Returns the new current table.
   */
  commitTable(identifier: TableIdentifier, request: CommitTableRequest): Promise<LoadedTable>;

  close(): Promise<void>;
}

export function tableIdentifier(namespace: Namespace | string, name: string): TableIdentifier {
  const ns = typeof namespace === 'string' ? namespace.split('.') : namespace;
  return Object.freeze({ namespace: Object.freeze([...ns]), name });
}

/** `bronze.raw_orders` → `{namespace: ['bronze'], name: 'raw_orders'}`. */
export function parseTableIdentifier(text: string): TableIdentifier {
  const parts = text.split('.');
  const name = parts.pop();
  if (!name || parts.length === 0 || parts.some((p) => p.length === 0)) {
    throw dataInvalid(`"${text}" is not a table name of the form <namespace>.<table>`, { table: text });
  }
  return tableIdentifier(parts, name);
}

export function formatNamespace(namespace: Namespace): string {
  return namespace.join('.');
}

export function formatTableIdentifier(identifier: TableIdentifier): string {
  return `${formatNamespace(identifier.namespace)}.${identifier.name}`;
}
