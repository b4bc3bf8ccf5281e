import type { Namespace, TableIdentifier } from '../catalog.js';

/** The default separator of namespace levels in URL paths: the unit separator 0x1F, encoded. */
export const DEFAULT_NAMESPACE_SEPARATOR = '%1F';

/**
 * Builds catalog URL paths: `/v1/{prefix}/namespaces/{ns}/tables/{table}`. Each namespace level
 * and the table name are percent-encoded; levels are joined with the separator the server's
 * config names (`namespace-separator`, already URL-encoded) or `%1F`.
 */
export class RestPaths {
  readonly #base: string;
  readonly #separator: string;

  constructor(prefix: string | undefined, separator = DEFAULT_NAMESPACE_SEPARATOR) {
    const clean = (prefix ?? '').replace(/^\/+|\/+$/g, '');
    // The prefix comes from the server's config as a path, already URL-safe (Nessie: `main%7Clake`): used as it
    // is, like the Java and Python clients do; only characters a path cannot hold are encoded.
    const segment = (s: string) => (/^[A-Za-z0-9._~%!$&'()*+,;=:@-]*$/.test(s) ? s : encodeURIComponent(s));
    this.#base = clean ? `/v1/${clean.split('/').map(segment).join('/')}` : '/v1';
    this.#separator = separator;
  }

  static config(): string {
    return '/v1/config';
  }

  namespaces(): string {
    return `${this.#base}/namespaces`;
  }

  namespace(namespace: Namespace): string {
    return `${this.namespaces()}/${this.encodeNamespace(namespace)}`;
  }

  namespaceProperties(namespace: Namespace): string {
    return `${this.namespace(namespace)}/properties`;
  }

  tables(namespace: Namespace): string {
    return `${this.namespace(namespace)}/tables`;
  }

  table(identifier: TableIdentifier): string {
    return `${this.tables(identifier.namespace)}/${encodeURIComponent(identifier.name)}`;
  }

  register(namespace: Namespace): string {
    return `${this.namespace(namespace)}/register`;
  }

  rename(): string {
    return `${this.#base}/tables/rename`;
  }

  encodeNamespace(namespace: Namespace): string {
    return namespace.map(encodeURIComponent).join(this.#separator);
  }

  /** The `parent` query parameter of list-namespaces: levels joined by the decoded separator. */
  parentParameter(namespace: Namespace): string {
    return namespace.join(decodeURIComponent(this.#separator));
  }
}
