/** floe's `floe_snapshot(...)` for Trino, and the connection settings of Cube on Trino (no Cube code loaded here). */

/** How Cube reaches a Trino cluster whose catalog `catalog` holds the project's Iceberg tables. */
export interface TrinoConnection {
  readonly host: string;
  readonly port: number;
  /** The Trino catalog of the Iceberg tables; pre-aggregations are written there too. */
  readonly catalog: string;
  /** Session schema: the gold namespace. */
  readonly schema: string;
  readonly user: string;
  /** Password authentication (HTTP basic). Never logged. */
  readonly password?: string;
  /** JWT authentication (`Authorization: Bearer`). Never logged. Exclusive with `password`. */
  readonly jwtToken?: string;
  /** HTTPS: true (system CAs) or the PEM of the CA(s) to trust. Absent: plain HTTP. */
  readonly tls?: true | { readonly ca: string };
  /**
   * Names of floe's layers (`gold`, `silver`) → their namespaces, so that `floe_snapshot('gold.t')` reads the table
   * of the gold namespace whatever the platform calls it. Unmapped prefixes are namespaces themselves.
   */
  readonly layers?: Readonly<Record<string, string>>;
}

export interface SnapshotRewriteOptions {
  /** The Trino catalog of the tables. */
  readonly catalog: string;
  /** Namespace of names without one (`floe_snapshot('t')`). */
  readonly defaultSchema?: string;
  readonly layers?: Readonly<Record<string, string>>;
}

export const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const quoteLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`;

const FLOE_SNAPSHOT = /\bfloe_snapshot\s*\(\s*'((?:[^']|'')*)'\s*\)/gi;

/**
 * floe's `floe_snapshot('<namespace>.<table>')` (a DuckDB macro when Cube runs on DuckDB) for Trino: a scalar subquery
 * over the Iceberg `$history` metadata table that yields the id of the table's current snapshot as text. Cube refresh
 * keys call it, so the result cache and the pre-aggregations follow new snapshots. The last dot separates the table
 * from its namespace (a nested namespace keeps its dots); the namespace may be a layer name (`gold`).
 */
export function rewriteFloeSnapshot(sql: string, options: SnapshotRewriteOptions): string {
  return sql.replace(FLOE_SNAPSHOT, (_match, quoted: string) => {
    const name = quoted.replaceAll("''", "'");
    const dot = name.lastIndexOf('.');
    const prefix = dot < 0 ? undefined : name.slice(0, dot);
    const table = dot < 0 ? name : name.slice(dot + 1);
    const schema = prefix === undefined ? options.defaultSchema : (options.layers?.[prefix] ?? prefix);
    if (!schema || !table)
      throw new Error(`floe_snapshot(${quoteLiteral(name)}): name a table as '<namespace>.<table>'`);
    const history = [options.catalog, schema, `${table}$history`].map(quoteIdentifier).join('.');
    return (
      `(SELECT coalesce(CAST(max_by(snapshot_id, made_current_at) AS VARCHAR), 'none') ` +
      `FROM ${history} WHERE is_current_ancestor)`
    );
  });
}
