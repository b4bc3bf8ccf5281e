import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { type LoadedProject, loadProject } from '@floe/core';
import { schemaFromColumns, Table, tableIdentifier } from '@floe/iceberg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDbtOrThrow } from '../src/dbt/run-dbt.js';
import { exposeBronzeViews } from '../src/lakehouse/bronze-views.js';
import { withCatalog } from '../src/lakehouse/catalog.js';
import { columnsOf } from '../src/lakehouse/duckdb-schema.js';
import { layerRows } from '../src/lakehouse/layers.js';
import { publishModels } from '../src/lakehouse/publish.js';
import { REPO_ROOT } from '../src/tools.js';
import { type BronzeFixture, createBronzeFixture } from './bronze-fixture.js';
import { createDemoProject } from './project-fixture.js';

/**
 * Bronze Iceberg tables (written with @floe/iceberg into the project's SQLite catalog) → DuckDB views from scan
 * planning → real dbt build → floe publish → Iceberg gold tables that PyIceberg reads.
 */
describe('bronze views, dbt and publish over a real SQL catalog', () => {
  let dir: string;
  let loaded: LoadedProject;
  let fixture: BronzeFixture;

  beforeAll(async () => {
    dir = createDemoProject();
    loaded = await loadProject({ projectDir: dir, write: true });
    // Bronze data: the fixture tables, appended to Iceberg through @floe/iceberg.
    const scratch = join(dir, 'scratch.duckdb');
    fixture = await createBronzeFixture(scratch, 'bronze');
    const instance = await DuckDBInstance.create(scratch);
    const connection = await instance.connect();
    try {
      await withCatalog(loaded, async (catalog) => {
        await catalog.createNamespace(['bronze']);
        for (const name of ['raw_customers', 'raw_products', 'raw_orders', 'raw_order_items']) {
          const sql = `SELECT * FROM bronze.${name}`;
          const columns = await columnsOf(connection, sql, name);
          const created = await catalog.createTable(tableIdentifier(['bronze'], name), {
            schema: schemaFromColumns(columns),
          });
          await new Table(catalog, created).append({ sql, connection });
        }
      });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('exposes each bronze table as a view over its current snapshot and dbt builds on them', async () => {
    const views = await withCatalog(loaded, (catalog) => exposeBronzeViews(loaded, catalog));
    expect(views.map((v) => v.view).sort()).toEqual([
      'bronze.raw_customers',
      'bronze.raw_order_items',
      'bronze.raw_orders',
      'bronze.raw_products',
    ]);
    expect(views.find((v) => v.view === 'bronze.raw_orders')?.rows).toBe(fixture.orderCount + 2);
    const dbt = loaded.artifacts.transforms.dbt;
    if (!dbt) throw new Error('demo has no dbt transform');
    await runDbtOrThrow({
      args: ['build'],
      projectDir: join(dir, dbt.project),
      profilesDir: join(dir, dbt.profiles_dir),
      profile: dbt.profile_name,
      target: dbt.target,
      floeProjectDir: dir,
    });
  }, 180_000);

  it('publishes the marts as Iceberg tables whose row counts match the warehouse', async () => {
    const result = await withCatalog(loaded, (catalog) => publishModels(loaded, catalog));
    expect(result.mode).toBe('floe-publish');
    const fct = result.tables.find((t) => t.table === 'gold.fct_orders');
    expect(fct?.rows).toBe(fixture.orderCount);
    const rows = await withCatalog(loaded, (catalog) => layerRows(loaded.artifacts, catalog));
    expect(rows.gold.fct_orders).toBe(fixture.orderCount);
    expect(rows.bronze.raw_orders).toBe(fixture.orderCount + 2);
    expect(Object.keys(rows.silver).sort()).toEqual(['stg_customers', 'stg_orders']);
  });

  it('overwrites on the next publish instead of appending (a new snapshot, same rows)', async () => {
    const again = await withCatalog(loaded, (catalog) => publishModels(loaded, catalog));
    const fct = again.tables.find((t) => t.table === 'gold.fct_orders');
    expect(fct?.rows).toBe(fixture.orderCount);
    expect(fct?.created).toBe(false);
  });

  it('PyIceberg reads the published gold table from the same SQL catalog', () => {
    const catalogFile = join(dir, 'warehouse', 'catalog.db');
    const script = [
      'import sys, json',
      'from pyiceberg.catalog.sql import SqlCatalog',
      `catalog = SqlCatalog("floe", uri="sqlite:///" + sys.argv[1], warehouse="file://" + sys.argv[2])`,
      'table = catalog.load_table("gold.fct_orders")',
      'arrow = table.scan().to_arrow()',
      'print(json.dumps({"rows": arrow.num_rows, "revenue": float(sum(v.as_py() for v, r in zip(arrow["order_total"], arrow["is_revenue"]) if r.as_py()))}))',
    ].join('\n');
    const out = execFileSync(
      join(REPO_ROOT, '.venv', 'bin', 'python'),
      ['-c', script, catalogFile, join(dir, 'warehouse')],
      {
        encoding: 'utf8',
      },
    );
    const parsed = JSON.parse(out) as { rows: number; revenue: number };
    expect(parsed.rows).toBe(fixture.orderCount);
    expect(Math.round(parsed.revenue * 100)).toBe(fixture.revenueCents);
  });
});
