import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteTableName, sqlString, type TableSource, type TableState } from './source.js';

interface Version {
  readonly snapshotId: string;
  readonly files: readonly string[];
}

/**
 * A table source over plain Parquet files, one immutable file list per version. Used by tests and by local setups
 * without a catalog; the Iceberg source plans the file list from the table's current snapshot instead.
 */
export class ParquetTableSource implements TableSource {
  readonly kind = 'parquet';
  readonly #tables = new Map<string, Version>();

  /** Make `files` the current contents of table `name` (a new snapshot). */
  publish(name: string, snapshotId: string, files: readonly string[]): void {
    quoteTableName(name);
    this.#tables.set(name, { snapshotId, files: [...files] });
  }

  async list(): Promise<readonly TableState[]> {
    return [...this.#tables].map(([name, version]) => ({ name, snapshotId: version.snapshotId }));
  }

  async register(connection: DuckDBConnection, table: TableState): Promise<void> {
    const version = this.#tables.get(table.name);
    if (!version) return;
    const files = version.files.map(sqlString).join(', ');
    await connection.run(
      `CREATE OR REPLACE VIEW ${quoteTableName(table.name).sql} AS SELECT * FROM read_parquet([${files}])`,
    );
  }
}
