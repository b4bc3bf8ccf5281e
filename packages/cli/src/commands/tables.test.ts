import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSqlCatalog, schemaFromColumns, Table, tableIdentifier } from '@floe/iceberg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import type { Io } from '../output.js';

function captureIo(): Io & { text: () => string; errors: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    isTTY: false,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    text: () => out.join(''),
    errors: () => err.join(''),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'floe-tables-cli-'));
const project = join(dir, 'demo');

beforeAll(async () => {
  // the demo project's configuration (floe.yaml and platform/) with a fresh warehouse
  const demo = resolve(import.meta.dirname, '../../../../demo');
  cpSync(join(demo, 'floe.yaml'), join(project, 'floe.yaml'));
  cpSync(join(demo, 'platform'), join(project, 'platform'), { recursive: true });
  const catalog = createSqlCatalog({
    name: 'floe',
    uri: `sqlite:///${join(project, 'warehouse/catalog.db')}`,
    warehouse: join(project, 'warehouse'),
  });
  await catalog.createNamespace(['bronze']);
  let table = new Table(
    catalog,
    await catalog.createTable(tableIdentifier(['bronze'], 'raw_things'), {
      schema: schemaFromColumns([
        { name: 'id', type: 'long', required: true },
        { name: 'label', type: 'string' },
      ]),
    }),
  );
  table = await table.append({ sql: "SELECT i::BIGINT AS id, 'thing ' || i AS label FROM range(5) t(i)" });
  table = await table.append({ sql: "SELECT i::BIGINT AS id, 'more ' || i AS label FROM range(5, 8) t(i)" });
  await catalog.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (...argv: string[]) => {
  const io = captureIo();
  const code = await main(['tables', ...argv, '--project', project], io);
  return { code, io };
};

describe('floe tables', () => {
  it('lists the tables of the layer namespaces', async () => {
    const { code, io } = await run('list', '--json');
    expect(code, io.errors()).toBe(0);
    const tables = (JSON.parse(io.text()) as { tables: Array<Record<string, unknown>> }).tables;
    expect(tables.find((t) => t.table === 'bronze.raw_things')).toMatchObject({ snapshots: 2, records: 8 });
  });

  it('describes a table and lists its snapshots', async () => {
    const d = await run('describe', 'bronze.raw_things', '--json');
    expect(d.code, d.io.errors()).toBe(0);
    const info = JSON.parse(d.io.text()) as { columns: Array<{ name: string }>; snapshots: number };
    expect(info.columns.map((c) => c.name)).toEqual(['id', 'label']);
    const s = await run('snapshots', 'bronze.raw_things', '--json');
    const snaps = (JSON.parse(s.io.text()) as { snapshots: Array<Record<string, unknown>> }).snapshots;
    expect(snaps.map((x) => x.total_records)).toEqual([5, 8]);
  });

  it('scans rows with a filter, and time travels', async () => {
    const { code, io } = await run('scan', 'bronze.raw_things', '--where', 'id >= 6', '--json');
    expect(code, io.errors()).toBe(0);
    expect((JSON.parse(io.text()) as { rows: unknown[] }).rows).toEqual([
      { id: 6, label: 'more 6' },
      { id: 7, label: 'more 7' },
    ]);
    const s = await run('snapshots', 'bronze.raw_things', '--json');
    const first = (JSON.parse(s.io.text()) as { snapshots: Array<{ snapshot_id: string }> }).snapshots[0]!.snapshot_id;
    const old = await run('scan', 'bronze.raw_things', '--snapshot', first, '--json');
    expect((JSON.parse(old.io.text()) as { rows: unknown[] }).rows).toHaveLength(5);
  });

  it('expires snapshots and reports a missing table as bad input', async () => {
    const { code, io } = await run('expire', 'bronze.raw_things', '--older-than', '0s', '--json');
    expect(code, io.errors()).toBe(0);
    expect(JSON.parse(io.text())).toMatchObject({ remaining_snapshots: 1 });
    expect((JSON.parse(io.text()) as { expired_snapshots: string[] }).expired_snapshots).toHaveLength(1);
    const missing = await run('describe', 'bronze.nope');
    expect(missing.code).toBe(2);
    expect(missing.io.errors()).toContain('bronze.nope');
  });
});
