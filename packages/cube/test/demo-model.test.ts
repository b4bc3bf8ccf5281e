import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_MODEL } from './fixture.js';

const DBT_MODELS = fileURLToPath(new URL('../../../demo/dbt/models', import.meta.url));

async function dbtModels(dir: string): Promise<Set<string>> {
  const names = new Set<string>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.sql')) names.add(entry.name.replace(/\.sql$/, ''));
  }
  return names;
}

describe('demo Cube model', () => {
  it('reads only <layer>.<table> names of dbt models that exist in demo/dbt', async () => {
    const models = await dbtModels(DBT_MODELS);
    const files = (await readdir(path.join(DEMO_MODEL, 'cubes'))).filter((f) => f.endsWith('.yml'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const tables: string[] = [];
    for (const file of files) {
      const doc = parse(await readFile(path.join(DEMO_MODEL, 'cubes', file), 'utf8')) as {
        cubes: { name: string; sql_table: string }[];
      };
      for (const cube of doc.cubes) {
        const match = /^(silver|gold)\.([a-z0-9_]+)$/.exec(cube.sql_table);
        expect(match, `${file}: cube ${cube.name} sql_table ${cube.sql_table}`).not.toBeNull();
        expect(models.has(match![2]!), `${file}: ${cube.sql_table} is not a dbt model in demo/dbt/models`).toBe(true);
        tables.push(cube.sql_table);
      }
    }
    expect(tables).toContain('gold.fct_orders');
  });
});
