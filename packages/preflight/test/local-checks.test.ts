import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbCheck } from '../src/checks/duckdb.js';
import { localStorageCheck } from '../src/checks/local-storage.js';
import { sqlCatalogCheck } from '../src/checks/sql-catalog.js';
import { runCheck } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-preflight-local-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('compute.duckdb (real DuckDB)', () => {
  it('passes: opens, loads parquet/json, writes and reads a Parquet file', async () => {
    const result = await runCheck(
      duckdbCheck,
      { type: 'duckdb', path: 'w/floe.duckdb', threads: 1, extensions: [] },
      {},
      { projectDir: dir },
    );
    expect(result.status, result.message).toBe('ok');
    expect(String(result.details.version)).toMatch(/^v\d+\.\d+/);
  });

  it('fails with a remediation when a configured extension is not installed (offline)', async () => {
    const result = await runCheck(
      duckdbCheck,
      { type: 'duckdb', path: 'w/floe.duckdb', extensions: ['spatial'] },
      {},
      { projectDir: dir },
    );
    expect(result.status).toBe('error');
    expect(result.details.missing).toEqual(['spatial']);
    expect(result.remediation).toMatch(/Install spatial for DuckDB .* into floe's extension directory/);
  });

  it("loads the object-storage extensions from floe's own directory, offline", async () => {
    const result = await runCheck(
      duckdbCheck,
      { type: 'duckdb', path: 'w/floe.duckdb', extensions: ['httpfs', 'aws'] },
      {},
      { projectDir: dir },
    );
    expect(result.status, result.message).toBe('ok');
  });

  it('opens an existing database file read-only', async () => {
    await mkdir(join(dir, 'db'), { recursive: true });
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(join(dir, 'db', 'x.duckdb'));
    const connection = await instance.connect();
    await connection.run('CREATE TABLE t AS SELECT 1 AS a');
    connection.closeSync();
    instance.closeSync();
    const result = await runCheck(
      duckdbCheck,
      { type: 'duckdb', path: 'db/x.duckdb', extensions: [] },
      {},
      { projectDir: dir },
    );
    expect(result.status, result.message).toBe('ok');
  });
});

describe('storage.local', () => {
  it('passes on a writable folder and reports free space', async () => {
    const result = await runCheck(localStorageCheck, { type: 'local', path: 'warehouse' }, {}, { projectDir: dir });
    expect(result.status, result.message).toBe('ok');
    expect(Number(result.details.free_bytes)).toBeGreaterThan(0);
    expect(result.message).toContain('floe creates it');
  });

  it('fails when the path is a file', async () => {
    await writeFile(join(dir, 'afile'), 'x');
    const result = await runCheck(localStorageCheck, { type: 'local', path: 'afile' }, {}, { projectDir: dir });
    expect(result.status).toBe('error');
    expect(result.message).toContain('is a file');
  });
});

describe('catalog.sql on SQLite', () => {
  it('passes when the catalog file does not exist yet', async () => {
    const result = await runCheck(
      sqlCatalogCheck,
      { type: 'sql', uri: 'sqlite:cat/new.db', warehouse: 'lake', name: 'floe', layers: ['bronze'] },
      {},
      { projectDir: dir },
    );
    expect(result.status, result.message).toBe('ok');
    expect(result.message).toContain('not created yet');
  });

  it('lists namespaces of an existing catalog and names the missing layer namespaces', async () => {
    const file = join(dir, 'catalog.db');
    const db = new Database(file);
    db.exec(`CREATE TABLE iceberg_tables (catalog_name TEXT, table_namespace TEXT, table_name TEXT, metadata_location TEXT, previous_metadata_location TEXT);
      CREATE TABLE iceberg_namespace_properties (catalog_name TEXT, namespace TEXT, property_key TEXT, property_value TEXT);
      INSERT INTO iceberg_tables VALUES ('floe', 'bronze', 'raw_orders', 'file:/x', NULL);
      INSERT INTO iceberg_namespace_properties VALUES ('floe', 'silver', 'exists', 'true');`);
    db.close();
    const result = await runCheck(
      sqlCatalogCheck,
      { type: 'sql', uri: `sqlite:${file}`, warehouse: 'lake', name: 'floe', layers: ['bronze', 'silver', 'gold'] },
      {},
      { projectDir: dir },
    );
    expect(result.status, result.message).toBe('ok');
    expect(result.details.namespaces).toEqual(['bronze', 'silver']);
    expect(result.details.missing_namespaces).toEqual(['gold']);
    expect(result.details.tables).toBe(1);
  });

  it('fails on a SQLite file that is not an Iceberg catalog', async () => {
    const file = join(dir, 'other.db');
    const db = new Database(file);
    db.exec('CREATE TABLE iceberg_tables (x TEXT)');
    db.close();
    const result = await runCheck(
      sqlCatalogCheck,
      { type: 'sql', uri: `sqlite:${file}`, warehouse: 'lake', name: 'floe' },
      {},
      { projectDir: dir },
    );
    expect(result.status).toBe('error');
    expect(result.message).toContain('lacks iceberg_namespace_properties');
  });
});
