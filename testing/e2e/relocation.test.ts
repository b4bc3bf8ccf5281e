/**
 * Locations that travel: a project on the embedded default (SQL catalog on SQLite, local warehouse) keeps working
 * after it is moved to another directory, and a copy of it never reads or writes the original's files.
 */
import { cpSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoProject } from '../../packages/runtime/test/project-fixture.js';
import { floe } from './harness.js';

/** Every file below a folder with its size and modification time. */
function snapshotFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const s = statSync(path);
        out.set(path, `${s.size}:${s.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out;
}

async function rows(dir: string, table: string): Promise<number> {
  const result = await floe(['tables', 'scan', table, '--json', '--limit', '1000000', '--project', dir]);
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { rows: unknown[] }).rows.length;
}

async function generate(dir: string, n: number): Promise<void> {
  const result = await floe(['generate', 'ecommerce', '--rows', String(n), '--json', '--project', dir]);
  expect(result.code, result.stderr).toBe(0);
}

describe('a moved or copied project (embedded default)', () => {
  const dirs: string[] = [];
  let original: string;

  beforeAll(async () => {
    original = createDemoProject();
    dirs.push(original);
    await generate(original, 200);
  }, 120_000);

  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('a copy reads the data it was copied with and writes only into its own warehouse', async () => {
    const before = await rows(original, 'bronze.raw_orders');
    expect(before).toBeGreaterThan(0);
    const copy = `${original}-copy`;
    dirs.push(copy);
    cpSync(original, copy, { recursive: true });
    const originalFiles = snapshotFiles(join(original, 'warehouse'));

    expect(await rows(copy, 'bronze.raw_orders')).toBe(before);
    await generate(copy, 200);
    const after = await rows(copy, 'bronze.raw_orders');
    expect(after).toBeGreaterThan(before);

    // The original's warehouse is byte for byte as it was, and it still sees only its own rows.
    expect(snapshotFiles(join(original, 'warehouse'))).toEqual(originalFiles);
    expect(await rows(original, 'bronze.raw_orders')).toBe(before);
    // The copy's new files are in its own warehouse.
    const copyFiles = [...snapshotFiles(join(copy, 'warehouse')).keys()];
    expect(copyFiles.length).toBeGreaterThan(originalFiles.size);
  }, 240_000);

  it('a moved project keeps working where the old directory no longer exists', async () => {
    const moved = `${original}-moved`;
    renameSync(original, moved);
    dirs.push(moved);
    const n = await rows(moved, 'bronze.raw_orders');
    expect(n).toBeGreaterThan(0);
    await generate(moved, 100);
    expect(await rows(moved, 'bronze.raw_orders')).toBeGreaterThan(n);
    const list = await floe(['tables', 'list', '--json', '--project', moved]);
    expect(list.code, list.stderr).toBe(0);
  }, 240_000);
});
