/**
 * Column and table descriptions shared by generators and sinks. Generators fill typed arrays;
 * sinks map each kind to a storage type.
 *
 * | kind      | in memory                         | written as                          |
 * | --------- | --------------------------------- | ----------------------------------- |
 * | id        | Float64Array of integers < 2^53   | BIGINT / Iceberg long               |
 * | int       | Int32Array                        | INTEGER / Iceberg int               |
 * | money     | Int32Array of cents               | DECIMAL(9,2) / Iceberg decimal(9,2) |
 * | timestamp | Float64Array of epoch milliseconds| TIMESTAMPTZ / Iceberg timestamptz   |
 * | category  | Uint8Array codes into `values`    | VARCHAR / Iceberg string            |
 * | text      | string[]                          | VARCHAR / Iceberg string            |
 */
export type ColumnKind = 'id' | 'int' | 'money' | 'timestamp' | 'category' | 'text';

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
  /** The category's values (at most 255); required for `category`. */
  readonly values?: readonly string[];
  /** Whether the column may hold nulls (defects, or optional values such as an end date). */
  readonly nullable: boolean;
  readonly doc: string;
}

export interface TableSpec {
  readonly name: string;
  readonly doc: string;
  readonly columns: readonly ColumnSpec[];
  /** The id column that increases across runs. */
  readonly key: string;
}

export function column(
  name: string,
  kind: ColumnKind,
  doc: string,
  options: { nullable?: boolean; values?: readonly string[] } = {},
): ColumnSpec {
  if (kind === 'category' && (!options.values || options.values.length === 0 || options.values.length > 255)) {
    throw new Error(`category column ${name} needs 1–255 values`);
  }
  return {
    name,
    kind,
    doc,
    nullable: options.nullable ?? false,
    ...(options.values ? { values: options.values } : {}),
  };
}

export function columnIndex(table: TableSpec, name: string): number {
  const index = table.columns.findIndex((c) => c.name === name);
  if (index < 0) throw new Error(`table ${table.name} has no column ${name}`);
  return index;
}
