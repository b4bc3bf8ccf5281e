import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { TableBinder } from './binder.js';
import type { TableSource, TableState } from './source.js';

class CountingSource implements TableSource {
  readonly kind = 'values';
  readonly versions = new Map<string, { id: string; rows: number }>();
  registered = 0;
  async list(): Promise<TableState[]> {
    return [...this.versions].map(([name, v]) => ({ name, snapshotId: v.id }));
  }
  async register(connection: import('@duckdb/node-api').DuckDBConnection, table: TableState) {
    this.registered += 1;
    const rows = this.versions.get(table.name)!.rows;
    await connection.run(`CREATE OR REPLACE VIEW ${table.name} AS SELECT * FROM range(${rows}) t(i)`);
  }
}

describe('TableBinder', () => {
  it('re-plans a view only when its snapshot changes, and exposes floe_snapshot()', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const source = new CountingSource();
      source.versions.set('gold.t', { id: '1', rows: 3 });
      const binder = new TableBinder(source, { minIntervalMs: 0 });
      const count = async () =>
        Number((await connection.runAndReadAll('SELECT count(*) FROM gold.t')).getRows()[0]![0]);
      const snapshot = async () =>
        String((await connection.runAndReadAll("SELECT floe_snapshot('gold.t')")).getRows()[0]![0]);

      await binder.sync(connection);
      expect(await count()).toBe(3);
      expect(await snapshot()).toBe('1');
      await binder.sync(connection);
      expect(source.registered).toBe(1);

      source.versions.set('gold.t', { id: '2', rows: 5 });
      await binder.sync(connection);
      expect(source.registered).toBe(2);
      expect(await count()).toBe(5);
      expect(await snapshot()).toBe('2');
      expect(String((await connection.runAndReadAll("SELECT floe_snapshot('gold.missing')")).getRows()[0]![0])).toBe(
        'none',
      );
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('throttles checks of the source', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const source = new CountingSource();
      source.versions.set('gold.t', { id: '1', rows: 1 });
      const lists = countLists(source);
      const binder = new TableBinder(source, { minIntervalMs: 60_000 });
      await binder.sync(connection);
      await binder.sync(connection);
      await Promise.all([binder.sync(connection), binder.sync(connection)]);
      expect(lists()).toBe(1);
      await binder.sync(connection, true);
      expect(lists()).toBe(2);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('checks the source for readiness on every call, binding nothing and leaving the throttle as it was', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const source = new CountingSource();
      source.versions.set('gold.t', { id: '1', rows: 1 });
      const lists = countLists(source);
      const binder = new TableBinder(source, { minIntervalMs: 60_000 });
      await binder.sync(connection);
      source.versions.set('gold.t', { id: '2', rows: 2 });
      await binder.check();
      await binder.check();
      expect(lists()).toBe(3);
      expect(source.registered).toBe(1);
      expect(binder.bound().get('gold.t')).toBe('1');
      await binder.sync(connection);
      expect(lists()).toBe(3);

      // A source with its own check: that is what readiness calls, not `list`.
      let checks = 0;
      const probed = new CountingSource();
      probed.list = async () => {
        throw new Error('list is not the readiness check of this source');
      };
      const checking = new TableBinder(
        Object.assign(probed, {
          async check() {
            checks += 1;
            throw new Error('catalog unreachable');
          },
        }),
      );
      await expect(checking.check()).rejects.toThrow('catalog unreachable');
      expect(checks).toBe(1);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

/** Counts the calls of `source.list` from now on. */
function countLists(source: CountingSource): () => number {
  let lists = 0;
  const list = source.list.bind(source);
  source.list = async () => {
    lists += 1;
    return list();
  };
  return () => lists;
}
