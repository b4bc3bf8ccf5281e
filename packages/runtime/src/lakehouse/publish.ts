import { basename } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { CompiledPublish, LoadedProject } from '@floe/core';
import { operationError } from '@floe/core';
import {
  type Catalog,
  type ColumnDefinition,
  duckdbInstanceOptions,
  prepareProjectStorage,
  schemaFromColumns,
  Table,
  type TableIdentifier,
  tableIdentifier,
} from '@floe/iceberg';
import { columnsOf } from './duckdb-schema.js';
import { warehouseFile } from './warehouse.js';

export interface PublishedTable {
  model: string;
  layer: 'silver' | 'gold';
  table: string;
  rows: number;
  snapshot_id: string;
  created: boolean;
  duration_ms: number;
}

export interface PublishResult {
  mode: 'floe-publish' | 'dbt-native' | 'nothing';
  message: string | null;
  tables: PublishedTable[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Publishes the configured dbt models as Iceberg tables (CompiledArtifacts.publish): each table's contents are
 * replaced by the model's rows in one atomic overwrite commit, so readers see the old or the new data, never a mix.
 * With a compute engine that writes Iceberg itself (publish mode dbt-native) there is nothing to do.
 */
export async function publishModels(
  loaded: LoadedProject,
  catalog: Catalog,
  options: { onProgress?: (line: string) => void } = {},
): Promise<PublishResult> {
  const entries = loaded.artifacts.publish;
  if (entries.length === 0) return { mode: 'nothing', message: 'floe.yaml publishes no models', tables: [] };
  const native = entries.filter((e) => e.mode === 'dbt-native');
  if (native.length === entries.length) {
    return {
      mode: 'dbt-native',
      message: `skipped: compute "${loaded.artifacts.compute.type}" writes the Iceberg tables itself (dbt-native publish)`,
      tables: [],
    };
  }
  const file = warehouseFile(loaded);
  const database = basename(file).replace(/\.[^.]*$/, '');
  const instance = await DuckDBInstance.create(':memory:', duckdbInstanceOptions());
  const connection = await instance.connect();
  try {
    // dbt's views read bronze files in the layers' buckets: extensions and secrets before anything binds them.
    await prepareProjectStorage(connection, loaded);
    try {
      // Attached under its own name: dbt's views refer to their tables as "<database>"."<schema>"."<table>".
      await connection.run(`ATTACH '${file.replace(/'/g, "''")}' AS ${quote(database)} (READ_ONLY)`);
    } catch (error) {
      throw operationError(
        `cannot open the DuckDB warehouse ${file}: ${error instanceof Error ? error.message : String(error)}`,
        {
          hint: 'run dbt first (floe trigger), and make sure no dbt run holds the file',
        },
      );
    }
    const relations = (
      await connection.runAndReadAll(
        `SELECT table_schema, table_name FROM information_schema.tables WHERE table_catalog = '${database.replace(/'/g, "''")}'`,
      )
    ).getRowObjectsJS();
    const tables: PublishedTable[] = [];
    for (const entry of entries.filter((e) => e.mode === 'floe-publish')) {
      tables.push(await publishOne(loaded, catalog, connection, database, entry, relations, options.onProgress));
    }
    return { mode: 'floe-publish', message: null, tables };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function publishOne(
  loaded: LoadedProject,
  catalog: Catalog,
  connection: DuckDBConnection,
  database: string,
  entry: CompiledPublish,
  relations: Record<string, unknown>[],
  onProgress: ((line: string) => void) | undefined,
): Promise<PublishedTable> {
  const started = Date.now();
  const candidates = relations.filter((r) => r.table_name === entry.model).map((r) => String(r.table_schema));
  const schema = candidates.includes(entry.layer) ? entry.layer : candidates[0];
  if (schema === undefined) {
    throw operationError(`dbt model ${entry.model} is not in the warehouse ${warehouseFile(loaded)}`, {
      file: loaded.floeFile,
      hint: `check publish[].model in floe.yaml against the dbt project, and that dbt build ran`,
    });
  }
  const sql = `SELECT * FROM ${quote(database)}.${quote(schema)}.${quote(entry.model)}`;
  const columns = await columnsOf(connection, sql, `dbt model ${entry.model}`);
  const namespace = entry.namespace.split('.');
  const identifier = tableIdentifier(namespace, entry.table);
  if (!(await catalog.namespaceExists(namespace))) {
    await catalog.createNamespace(namespace).catch(async (error) => {
      if (!(await catalog.namespaceExists(namespace))) throw error;
    });
  }
  let created = false;
  let table: Table;
  if (await catalog.tableExists(identifier)) {
    table = await Table.load(catalog, identifier);
    const current = table
      .schema()
      .fields.map((f) => `${f.name}:${JSON.stringify(f.type)}`)
      .join(',');
    const wanted = columns.map((c) => `${c.name}:${JSON.stringify(c.type)}`).join(',');
    if (current !== wanted) {
      // The model's columns changed: the published table is replaced (its history starts again).
      onProgress?.(`${entry.identifier}: columns changed, recreating the table`);
      await catalog.dropTable(identifier);
      table = await createTable(catalog, identifier, columns);
      created = true;
    }
  } else {
    table = await createTable(catalog, identifier, columns);
    created = true;
  }
  const after = await table.overwrite(
    { sql, connection },
    { properties: { 'floe.model': entry.model, 'floe.publish': 'overwrite' } },
  );
  const snapshot = after.currentSnapshot();
  const rows = Number(snapshot?.summary['total-records'] ?? 0);
  onProgress?.(`published ${entry.model} → ${entry.identifier} (${rows} rows)`);
  return {
    model: entry.model,
    layer: entry.layer,
    table: entry.identifier,
    rows,
    snapshot_id: String(snapshot?.snapshotId ?? ''),
    created,
    duration_ms: Date.now() - started,
  };
}

async function createTable(catalog: Catalog, identifier: TableIdentifier, columns: ColumnDefinition[]): Promise<Table> {
  const loaded = await catalog.createTable(identifier, { schema: schemaFromColumns(columns) });
  return new Table(catalog, loaded);
}
