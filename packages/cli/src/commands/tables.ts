import { inputError, type LoadedProject, operationError } from '@floe/core';
import {
  type Catalog,
  currentSchema,
  defaultSpec,
  formatTableIdentifier,
  isIcebergError,
  openProjectCatalog,
  parseTableIdentifier,
  type Snapshot,
  scanSql,
  Table,
  withConnection,
} from '@floe/iceberg';
import type { Command } from 'commander';
import { type Io, printJson, processIo } from '../output.js';
import { addProjectOptions, loadProjectFromOptions, type ProjectOptions } from '../project-options.js';

const LAYERS = ['bronze', 'silver', 'gold'] as const;
type Layer = (typeof LAYERS)[number];

interface TablesOptions extends ProjectOptions {
  layer?: string;
}

/** The catalog of a layer (`--layer`), else the project's default catalog. */
async function catalogFor(loaded: LoadedProject, layer: string | undefined): Promise<Catalog> {
  if (layer === undefined) return openProjectCatalog(loaded);
  if (!LAYERS.includes(layer as Layer)) throw inputError(`--layer must be one of ${LAYERS.join(', ')}, got "${layer}"`);
  const compiled = loaded.artifacts.layers[layer as Layer].catalog;
  return openProjectCatalog(loaded, compiled);
}

/** Iceberg errors as user errors: a missing table or namespace is bad input (exit 2). */
function asUserError(error: unknown): unknown {
  if (!isIcebergError(error)) return error;
  if (error.kind === 'TableNotFound' || error.kind === 'NamespaceNotFound' || error.kind === 'DataInvalid') {
    return inputError(error.message, { hint: 'floe tables list shows the tables of the catalog', cause: error });
  }
  return operationError(error.message, { cause: error });
}

async function withProjectCatalog<T>(
  dir: string | undefined,
  opts: TablesOptions,
  fn: (catalog: Catalog, loaded: LoadedProject) => Promise<T>,
): Promise<T> {
  const loaded = await loadProjectFromOptions({ ...opts, dir });
  const catalog = await catalogFor(loaded, opts.layer);
  try {
    return await fn(catalog, loaded);
  } catch (error) {
    throw asUserError(error);
  } finally {
    await catalog.close();
  }
}

function tableName(text: string) {
  try {
    return parseTableIdentifier(text);
  } catch {
    throw inputError(`"${text}" is not a table name of the form <namespace>.<table>`, {
      hint: 'e.g. floe tables describe bronze.raw_orders',
    });
  }
}

function parseWhen(text: string, flag: string): number {
  const duration = /^(\d+)\s*([smhd])$/.exec(text);
  if (duration) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[duration[2] as 's' | 'm' | 'h' | 'd'];
    return Date.now() - Number(duration[1]) * unit;
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    throw inputError(`${flag} must be a duration like 7d or 12h, or an ISO date-time; got "${text}"`);
  return ms;
}

function snapshotRow(s: Snapshot) {
  return {
    snapshot_id: String(s.snapshotId),
    parent_id: s.parentSnapshotId === undefined ? null : String(s.parentSnapshotId),
    sequence_number: Number(s.sequenceNumber),
    timestamp: new Date(s.timestampMs).toISOString(),
    operation: s.summary.operation,
    added_records: Number(s.summary['added-records'] ?? 0),
    deleted_records: Number(s.summary['deleted-records'] ?? 0),
    total_records: s.summary['total-records'] === undefined ? null : Number(s.summary['total-records']),
  };
}

function printTable(io: Io, rows: Array<Record<string, unknown>>): void {
  if (rows.length === 0) {
    io.stdout('(none)\n');
    return;
  }
  const cols = Object.keys(rows[0]!);
  const text = (v: unknown) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => text(r[c]).length)));
  const line = (values: string[]) =>
    `${values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()}\n`;
  io.stdout(line(cols));
  for (const r of rows) io.stdout(line(cols.map((c) => text(r[c]))));
}

function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}

export function register(program: Command, io: Io = processIo): void {
  const tables = program
    .command('tables')
    .description('inspect and maintain Iceberg tables: list, describe, snapshots, scan, expire');
  const layerOption = (cmd: Command) =>
    cmd.option('--layer <layer>', `use the catalog of a layer (${LAYERS.join(', ')}); default the project catalog`);

  layerOption(
    addProjectOptions(
      tables
        .command('list')
        .description('list the tables of the layer namespaces (or --namespace) with their current snapshot')
        .option('-n, --namespace <ns>', 'only this namespace'),
    ),
  ).action(async (dir: string | undefined, opts: TablesOptions & { namespace?: string }) => {
    const rows = await withProjectCatalog(dir, opts, async (catalog, loaded) => {
      const namespaces = opts.namespace
        ? [opts.namespace]
        : [...new Set(LAYERS.map((l) => loaded.artifacts.layers[l].namespace))];
      const out: Array<Record<string, unknown>> = [];
      for (const ns of namespaces) {
        if (!(await catalog.namespaceExists(ns.split('.')))) continue;
        for (const id of await catalog.listTables(ns.split('.'))) {
          const { metadata } = await catalog.loadTable(id);
          const current = metadata.snapshots.find((s) => s.snapshotId === metadata.currentSnapshotId);
          out.push({
            table: formatTableIdentifier(id),
            snapshots: metadata.snapshots.length,
            current_snapshot: current ? String(current.snapshotId) : null,
            records: current?.summary['total-records'] === undefined ? null : Number(current.summary['total-records']),
            updated: new Date(metadata.lastUpdatedMs).toISOString(),
          });
        }
      }
      return out;
    });
    if (opts.json) printJson(io, { tables: rows });
    else printTable(io, rows);
  });

  layerOption(
    addProjectOptions(
      tables
        .command('describe')
        .description('schema, partitioning, location, properties and current snapshot of a table')
        .argument('<table>', 'table as <namespace>.<name>'),
    ),
  ).action(async (name: string, dir: string | undefined, opts: TablesOptions) => {
    const info = await withProjectCatalog(dir, opts, async (catalog) => {
      const table = await Table.load(catalog, tableName(name));
      const m = table.metadata;
      const schema = currentSchema(m);
      const current = table.currentSnapshot();
      return {
        table: formatTableIdentifier(table.identifier),
        format_version: m.formatVersion,
        table_uuid: m.tableUuid,
        location: m.location,
        metadata_location: table.metadataLocation,
        schema_id: schema.schemaId,
        columns: schema.fields.map((f) => ({
          id: f.id,
          name: f.name,
          type: typeof f.type === 'string' ? f.type : f.type.type,
          required: f.required,
        })),
        partition_spec: defaultSpec(m).fields.map((f) => ({
          name: f.name,
          transform: f.transform,
          source_id: f.sourceId,
        })),
        properties: m.properties,
        current_snapshot: current ? snapshotRow(current) : null,
        snapshots: m.snapshots.length,
      };
    });
    if (opts.json) {
      printJson(io, info);
      return;
    }
    io.stdout(`${info.table}  (format v${info.format_version}, ${info.snapshots} snapshots)\n`);
    io.stdout(
      `location:  ${info.location}\nmetadata:  ${info.metadata_location}\n\ncolumns (schema ${info.schema_id}):\n`,
    );
    printTable(io, info.columns);
    io.stdout('\npartitioning:\n');
    printTable(io, info.partition_spec);
    io.stdout(`\ncurrent snapshot: ${info.current_snapshot ? JSON.stringify(info.current_snapshot) : '(none)'}\n`);
  });

  layerOption(
    addProjectOptions(
      tables.command('snapshots').description('the snapshots of a table, oldest first').argument('<table>', 'table'),
    ),
  ).action(async (name: string, dir: string | undefined, opts: TablesOptions) => {
    const rows = await withProjectCatalog(dir, opts, async (catalog) =>
      (await Table.load(catalog, tableName(name))).snapshots().map(snapshotRow),
    );
    if (opts.json) printJson(io, { snapshots: rows });
    else printTable(io, rows);
  });

  layerOption(
    addProjectOptions(
      tables
        .command('scan')
        .description('read rows through Iceberg scan planning and DuckDB (time travel with --snapshot or --as-of)')
        .argument('<table>', 'table')
        .option('--columns <list>', 'comma-separated columns (default all)')
        .option('--where <sql>', 'DuckDB SQL condition applied to the rows')
        .option('--limit <n>', 'at most this many rows (default 20)', '20')
        .option('--snapshot <id>', 'read this snapshot')
        .option('--as-of <time>', 'read the snapshot current at this ISO date-time'),
    ),
  ).action(
    async (
      name: string,
      dir: string | undefined,
      opts: TablesOptions & { columns?: string; where?: string; limit: string; snapshot?: string; asOf?: string },
    ) => {
      const limit = Number(opts.limit);
      if (!Number.isSafeInteger(limit) || limit < 0)
        throw inputError(`--limit must be an integer ≥ 0, got "${opts.limit}"`);
      if (opts.snapshot !== undefined && !/^\d+$/.test(opts.snapshot)) {
        throw inputError(`--snapshot must be a snapshot id (see floe tables snapshots), got "${opts.snapshot}"`);
      }
      const rows = await withProjectCatalog(dir, opts, async (catalog) => {
        const table = await Table.load(catalog, tableName(name));
        const where = opts.where ? ` WHERE ${opts.where}` : '';
        return withConnection(async (c) => {
          const sql = await scanSql(
            table,
            {
              ...(opts.columns ? { columns: opts.columns.split(',').map((c) => c.trim()) } : {}),
              ...(opts.snapshot ? { snapshotId: BigInt(opts.snapshot) } : {}),
              ...(opts.asOf ? { asOf: parseWhen(opts.asOf, '--as-of') } : {}),
            },
            c,
          );
          try {
            return (await c.runAndReadAll(`SELECT * FROM (${sql})${where} LIMIT ${limit}`)).getRowObjectsJS();
          } catch (error) {
            throw inputError(`cannot scan ${name}: ${(error as Error).message}`, {
              hint: 'check --where and --columns',
            });
          }
        });
      });
      const safe = rows.map((r) => jsonSafe(r) as Record<string, unknown>);
      if (opts.json) printJson(io, { rows: safe });
      else printTable(io, safe);
    },
  );

  layerOption(
    addProjectOptions(
      tables
        .command('expire')
        .description('expire old snapshots and delete the files only they used; optionally remove orphans')
        .argument('<table>', 'table')
        .option('--older-than <age>', 'expire snapshots older than this (e.g. 7d, 12h or an ISO date-time)', '5d')
        .option('--retain-last <n>', 'always keep this many newest snapshots', '1')
        .option('--rewrite-manifests', 'first rewrite the manifests of the current snapshot into few large ones')
        .option('--remove-orphans', 'also delete files nothing references that are older than 3 days'),
    ),
  ).action(
    async (
      name: string,
      dir: string | undefined,
      opts: TablesOptions & {
        olderThan: string;
        retainLast: string;
        rewriteManifests?: boolean;
        removeOrphans?: boolean;
      },
    ) => {
      const retain = Number(opts.retainLast);
      if (!Number.isSafeInteger(retain) || retain < 1) {
        throw inputError(`--retain-last must be an integer ≥ 1, got "${opts.retainLast}"`);
      }
      const olderThanMs = parseWhen(opts.olderThan, '--older-than');
      const result = await withProjectCatalog(dir, opts, async (catalog) => {
        let table = await Table.load(catalog, tableName(name));
        if (opts.rewriteManifests) table = await table.rewriteManifests();
        const expired = await table.expireSnapshots({ olderThanMs, retainLast: retain });
        const orphans = opts.removeOrphans ? await expired.table.removeOrphanFiles() : [];
        return {
          table: formatTableIdentifier(table.identifier),
          expired_snapshots: expired.expired.map(String),
          deleted_files: expired.deletedFiles.length,
          removed_orphans: orphans.length,
          remaining_snapshots: expired.table.snapshots().length,
        };
      });
      if (opts.json) printJson(io, result);
      else {
        io.stdout(
          `${result.table}: expired ${result.expired_snapshots.length} snapshots, deleted ${result.deleted_files} files` +
            `${opts.removeOrphans ? `, removed ${result.removed_orphans} orphan files` : ''}; ${result.remaining_snapshots} snapshots remain\n`,
        );
      }
    },
  );
}
