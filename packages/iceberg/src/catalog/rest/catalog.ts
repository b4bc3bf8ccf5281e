import { IcebergError, isIcebergError } from '../../errors.js';
import type { FileIO } from '../../io/file-io.js';
import { storageProperties } from '../../io/file-io.js';
import { fileIOFor } from '../../io/registry.js';
import { S3FileIO } from '../../io/s3.js';
import { partitionSpecToWire } from '../../spec/partition.js';
import { schemaToWire } from '../../spec/schema.js';
import { sortOrderToWire } from '../../spec/sort-order.js';
import type {
  Catalog,
  CommitTableRequest,
  CreateTableOptions,
  LoadedTable,
  Namespace,
  NamespacePropertiesUpdate,
  TableIdentifier,
} from '../catalog.js';
import { formatNamespace, formatTableIdentifier } from '../catalog.js';
import { RestHttp } from './http.js';
import { OAuth2ClientCredentials } from './oauth2.js';
import { type RestCatalogOptions, type RestCatalogOptionsInput, restCatalogOptionsSchema } from './options.js';
import { DEFAULT_NAMESPACE_SEPARATOR, RestPaths } from './paths.js';
import {
  type ConfigResponse,
  configResponseSchema,
  identifierFromWire,
  identifierToWire,
  listNamespacesSchema,
  listTablesSchema,
  loadedTableFromWire,
  namespaceResponseSchema,
  parseResponse,
  type TableStorageConfig,
  updateNamespacePropertiesSchema,
} from './wire.js';

/** Effective catalog configuration after `GET /v1/config` (defaults < client < overrides). */
export interface RestCatalogConfig {
  uri: string;
  prefix: string | undefined;
  namespaceSeparator: string;
  /** Endpoints the server advertises (`METHOD /v1/{prefix}/...`); undefined if it lists none. */
  endpoints: ReadonlySet<string> | undefined;
  properties: Readonly<Record<string, string>>;
}

/** The entry whose key is the longest prefix of `location` (at a path boundary). */
function longestPrefix<T>(entries: readonly T[], key: (e: T) => string, location: string): T | undefined {
  let best: T | undefined;
  let bestLength = -1;
  for (const e of entries) {
    const k = key(e).replace(/\/+$/, '');
    if ((location === k || location.startsWith(`${k}/`)) && k.length > bestLength) {
      best = e;
      bestLength = k.length;
    }
  }
  return best;
}

/** The next page token; a server repeating the same token would otherwise loop forever. */
function nextPage(previous: string | undefined, next: string | null | undefined): string | undefined {
  if (!next) return undefined;
  if (next === previous) {
    throw new IcebergError('Unexpected', 'REST catalog returned the same next-page-token twice', {
      context: { pageToken: next },
    });
  }
  return next;
}

function validateOptions(input: RestCatalogOptionsInput): RestCatalogOptions {
  const { fileIO: _fileIO, fetch: _fetch, ...rest } = input;
  const parsed = restCatalogOptionsSchema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || '(options)';
    // Never echo the input: it may hold the client secret or a token.
    throw new IcebergError('DataInvalid', `invalid REST catalog option ${field}: ${issue.message}`, {
      context: { field },
    });
  }
  return parsed.data;
}

/**
 * Connects to an Iceberg REST catalog: validates the options, obtains an OAuth2 token when a
 * credential is given, and reads `GET /v1/config` for the warehouse (prefix, overrides).
 */
export async function connectRestCatalog(input: RestCatalogOptionsInput): Promise<RestCatalog> {
  const options = validateOptions(input);
  const baseUri = options.uri.replace(/\/+$/, '').replace(/\/v1$/, '');
  const oauth2 = options.credential
    ? new OAuth2ClientCredentials({
        tokenEndpoint: options.oauth2ServerUri ?? `${baseUri}/v1/oauth/tokens`,
        clientId: options.credential.clientId,
        clientSecret: options.credential.clientSecret,
        scope: options.scope,
        clientAuth: options.clientAuth,
        timeoutMs: options.timeoutMs,
        ...(input.fetch ? { fetch: input.fetch } : {}),
      })
    : undefined;
  const headers = {
    ...options.headers,
    ...(options.accessDelegation ? { 'X-Iceberg-Access-Delegation': options.accessDelegation } : {}),
  };
  const httpFor = (uri: string) =>
    new RestHttp({
      baseUri: uri,
      headers,
      timeoutMs: options.timeoutMs,
      oauth2,
      token: options.credential ? undefined : options.token,
      ...(input.fetch ? { fetch: input.fetch } : {}),
    });
  let http = httpFor(baseUri);
  const response = await http.request({
    method: 'GET',
    path: RestPaths.config(),
    operation: 'config',
    query: { warehouse: options.warehouse },
    context: { catalog: options.name, ...(options.warehouse ? { warehouse: options.warehouse } : {}) },
  });
  const config: ConfigResponse = parseResponse(configResponseSchema, response.body, 'config response');
  const clientProperties: Record<string, string> = { uri: baseUri };
  if (options.warehouse) clientProperties.warehouse = options.warehouse;
  if (options.prefix) clientProperties.prefix = options.prefix;
  const properties = { ...config.defaults, ...clientProperties, ...config.overrides };
  const uri = (properties.uri ?? baseUri).replace(/\/+$/, '').replace(/\/v1$/, '');
  if (uri !== baseUri) http = httpFor(uri);
  const effective: RestCatalogConfig = {
    uri,
    prefix: properties.prefix,
    namespaceSeparator: properties['namespace-separator'] ?? DEFAULT_NAMESPACE_SEPARATOR,
    endpoints: config.endpoints ? new Set(config.endpoints) : undefined,
    properties: Object.freeze(properties),
  };
  // Storage properties: the server's defaults < the client's own < the server's overrides < per-table config.
  const storage = { ...storageProperties(config.defaults), ...options.storage, ...storageProperties(config.overrides) };
  return new RestCatalog(options.name, http, effective, input.fileIO ?? storage);
}

/** Vended credentials are refreshed this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

interface TableStorage {
  identifier: TableIdentifier;
  location: string;
  storage: TableStorageConfig;
}

/** The Iceberg REST catalog client (spec: apache/iceberg open-api/rest-catalog-open-api.yaml). */
export class RestCatalog implements Catalog {
  readonly name: string;
  readonly config: RestCatalogConfig;
  readonly #http: RestHttp;
  readonly #paths: RestPaths;
  readonly #fileIO: ((location: string) => FileIO) | undefined;
  readonly #storage: Readonly<Record<string, string>>;
  /** Storage config of the tables this client loaded, by table location. */
  readonly #tables = new Map<string, TableStorage>();
  /** FileIOs with refreshing vended credentials, by table location. */
  readonly #vended = new Map<string, { key: string; io: FileIO }>();

  constructor(
    name: string,
    http: RestHttp,
    config: RestCatalogConfig,
    storage: ((location: string) => FileIO) | Readonly<Record<string, string>>,
  ) {
    this.name = name;
    this.config = config;
    this.#http = http;
    this.#paths = new RestPaths(config.prefix, config.namespaceSeparator);
    this.#fileIO = typeof storage === 'function' ? storage : undefined;
    this.#storage = typeof storage === 'function' ? {} : storage;
  }

  /**
   * Storage for a location: the catalog's storage properties, then the config of the table holding the location
   * (endpoint, region, path-style as `loadTable` returned them), then vended credentials for the longest matching
   * prefix. Vended S3 credentials with an expiry are refreshed by loading the table again before they expire.
   */
  fileIO(location: string): FileIO {
    if (this.#fileIO) return this.#fileIO(location);
    const table = longestPrefix([...this.#tables.values()], (t) => t.location, location);
    if (!table) return fileIOFor(location, this.#storage);
    const credential = longestPrefix(table.storage.credentials, (c) => c.prefix, location);
    const properties = { ...this.#storage, ...table.storage.config, ...(credential?.config ?? {}) };
    const expiresAt = Number(properties['s3.session-token-expires-at-ms']);
    if (!Number.isFinite(expiresAt) || !properties['s3.access-key-id'] || !/^s3[an]?:/i.test(location)) {
      return fileIOFor(location, properties);
    }
    const key = JSON.stringify(properties);
    const cached = this.#vended.get(table.location);
    if (cached && cached.key === key) return cached.io;
    let current = properties;
    const io = new S3FileIO(properties, {
      credentials: async () => {
        if (Number(current['s3.session-token-expires-at-ms']) - Date.now() < REFRESH_MARGIN_MS) {
          await this.loadTable(table.identifier);
          const fresh = this.#tables.get(table.location);
          const vended = fresh && longestPrefix(fresh.storage.credentials, (c) => c.prefix, location);
          current = { ...this.#storage, ...(fresh?.storage.config ?? {}), ...(vended?.config ?? {}) };
        }
        return {
          accessKeyId: current['s3.access-key-id']!,
          secretAccessKey: current['s3.secret-access-key']!,
          ...(current['s3.session-token'] ? { sessionToken: current['s3.session-token'] } : {}),
          expiration: new Date(Number(current['s3.session-token-expires-at-ms'])),
        };
      },
    });
    this.#vended.set(table.location, { key, io });
    return io;
  }

  #remember(response: LoadedTable & { storage: TableStorageConfig }): LoadedTable {
    const { storage, ...table } = response;
    const location = table.metadata.location.replace(/\/+$/, '');
    this.#tables.set(location, { identifier: table.identifier, location, storage });
    return Object.freeze(table);
  }

  #supports(method: string, route: string): boolean {
    return this.config.endpoints === undefined || this.config.endpoints.has(`${method} /v1/{prefix}${route}`);
  }

  async createNamespace(namespace: Namespace, properties: Record<string, string> = {}): Promise<void> {
    await this.#http.request({
      method: 'POST',
      path: this.#paths.namespaces(),
      operation: 'create-namespace',
      body: { namespace: [...namespace], properties },
      context: { namespace: formatNamespace(namespace) },
    });
  }

  async listNamespaces(parent?: Namespace): Promise<Namespace[]> {
    const out: Namespace[] = [];
    let pageToken: string | undefined;
    do {
      const response = await this.#http.request({
        method: 'GET',
        path: this.#paths.namespaces(),
        operation: 'namespace',
        query: {
          ...(parent && parent.length > 0 ? { parent: this.#paths.parentParameter(parent) } : {}),
          pageToken,
        },
        context: parent ? { namespace: formatNamespace(parent) } : {},
      });
      const page = parseResponse(listNamespacesSchema, response.body, 'list-namespaces response');
      for (const ns of page.namespaces) out.push(Object.freeze([...ns]));
      pageToken = nextPage(pageToken, page['next-page-token']);
    } while (pageToken);
    return out;
  }

  async namespaceExists(namespace: Namespace): Promise<boolean> {
    try {
      await this.#http.request({
        method: this.#supports('HEAD', '/namespaces/{namespace}') ? 'HEAD' : 'GET',
        path: this.#paths.namespace(namespace),
        operation: 'namespace',
        context: { namespace: formatNamespace(namespace) },
      });
      return true;
    } catch (error) {
      if (isIcebergError(error, 'NamespaceNotFound')) return false;
      throw error;
    }
  }

  async loadNamespaceProperties(namespace: Namespace): Promise<Record<string, string>> {
    const response = await this.#http.request({
      method: 'GET',
      path: this.#paths.namespace(namespace),
      operation: 'namespace',
      context: { namespace: formatNamespace(namespace) },
    });
    return { ...(parseResponse(namespaceResponseSchema, response.body, 'namespace response').properties ?? {}) };
  }

  async updateNamespaceProperties(
    namespace: Namespace,
    removals: string[],
    updates: Record<string, string>,
  ): Promise<NamespacePropertiesUpdate> {
    const response = await this.#http.request({
      method: 'POST',
      path: this.#paths.namespaceProperties(namespace),
      operation: 'namespace',
      body: { removals, updates },
      context: { namespace: formatNamespace(namespace) },
    });
    const parsed = parseResponse(
      updateNamespacePropertiesSchema,
      response.body,
      'update-namespace-properties response',
    );
    return { updated: parsed.updated, removed: parsed.removed, missing: parsed.missing ?? [] };
  }

  async dropNamespace(namespace: Namespace): Promise<void> {
    await this.#http.request({
      method: 'DELETE',
      path: this.#paths.namespace(namespace),
      operation: 'drop-namespace',
      context: { namespace: formatNamespace(namespace) },
    });
  }

  /**
   * Some servers (Iceberg's JdbcCatalog behind the reference REST server) create tables in
   * namespaces that were never created. floe's catalogs all refuse that, so check first.
   */
  async #requireNamespace(namespace: Namespace): Promise<void> {
    if (!(await this.namespaceExists(namespace))) {
      throw new IcebergError('NamespaceNotFound', `namespace ${formatNamespace(namespace)} does not exist`, {
        context: { catalog: this.name, namespace: formatNamespace(namespace) },
      });
    }
  }

  async createTable(identifier: TableIdentifier, options: CreateTableOptions): Promise<LoadedTable> {
    await this.#requireNamespace(identifier.namespace);
    const response = await this.#http.request({
      method: 'POST',
      path: this.#paths.tables(identifier.namespace),
      operation: 'create-table',
      body: {
        name: identifier.name,
        ...(options.location ? { location: options.location } : {}),
        schema: schemaToWire(options.schema),
        ...(options.partitionSpec ? { 'partition-spec': partitionSpecToWire(options.partitionSpec) } : {}),
        ...(options.sortOrder ? { 'write-order': sortOrderToWire(options.sortOrder) } : {}),
        'stage-create': false,
        properties: options.properties ?? {},
      },
      context: { table: formatTableIdentifier(identifier) },
    });
    return this.#remember(loadedTableFromWire(identifier, response.body, 'create-table response'));
  }

  async loadTable(identifier: TableIdentifier): Promise<LoadedTable> {
    const response = await this.#http.request({
      method: 'GET',
      path: this.#paths.table(identifier),
      operation: 'table',
      query: { snapshots: 'all' },
      context: { table: formatTableIdentifier(identifier) },
    });
    return this.#remember(loadedTableFromWire(identifier, response.body, 'load-table response'));
  }

  async tableExists(identifier: TableIdentifier): Promise<boolean> {
    try {
      await this.#http.request({
        method: this.#supports('HEAD', '/namespaces/{namespace}/tables/{table}') ? 'HEAD' : 'GET',
        path: this.#paths.table(identifier),
        operation: 'table',
        context: { table: formatTableIdentifier(identifier) },
      });
      return true;
    } catch (error) {
      if (isIcebergError(error, 'TableNotFound') || isIcebergError(error, 'NamespaceNotFound')) return false;
      throw error;
    }
  }

  async listTables(namespace: Namespace): Promise<TableIdentifier[]> {
    const out: TableIdentifier[] = [];
    let pageToken: string | undefined;
    do {
      const response = await this.#http.request({
        method: 'GET',
        path: this.#paths.tables(namespace),
        operation: 'namespace',
        query: { pageToken },
        context: { namespace: formatNamespace(namespace) },
      });
      const page = parseResponse(listTablesSchema, response.body, 'list-tables response');
      for (const id of page.identifiers) out.push(identifierFromWire(id));
      pageToken = nextPage(pageToken, page['next-page-token']);
    } while (pageToken);
    return out;
  }

  async dropTable(identifier: TableIdentifier, options: { purge?: boolean } = {}): Promise<void> {
    await this.#http.request({
      method: 'DELETE',
      path: this.#paths.table(identifier),
      operation: 'table',
      query: options.purge ? { purgeRequested: 'true' } : {},
      context: { table: formatTableIdentifier(identifier) },
    });
  }

  async renameTable(from: TableIdentifier, to: TableIdentifier): Promise<void> {
    await this.#http.request({
      method: 'POST',
      path: this.#paths.rename(),
      operation: 'rename-table',
      body: { source: identifierToWire(from), destination: identifierToWire(to) },
      context: { table: formatTableIdentifier(from), destination: formatTableIdentifier(to) },
    });
  }

  async registerTable(identifier: TableIdentifier, metadataLocation: string): Promise<LoadedTable> {
    await this.#requireNamespace(identifier.namespace);
    const response = await this.#http.request({
      method: 'POST',
      path: this.#paths.register(identifier.namespace),
      operation: 'register-table',
      body: { name: identifier.name, 'metadata-location': metadataLocation },
      context: { table: formatTableIdentifier(identifier) },
    });
    return this.#remember(loadedTableFromWire(identifier, response.body, 'register-table response'));
  }

  async commitTable(identifier: TableIdentifier, request: CommitTableRequest): Promise<LoadedTable> {
    const response = await this.#http.request({
      method: 'POST',
      path: this.#paths.table(identifier),
      operation: 'commit',
      body: { identifier: identifierToWire(identifier), requirements: request.requirements, updates: request.updates },
      context: { table: formatTableIdentifier(identifier) },
    });
    return this.#remember(loadedTableFromWire(identifier, response.body, 'commit-table response'));
  }

  async close(): Promise<void> {
    // Nothing to release: fetch keeps no per-catalog connections.
  }
}
