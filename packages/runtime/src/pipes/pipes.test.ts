import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTEXT_ENV, MESSAGES_ENV, PipesWriter, pipesParamsFromEnv } from './protocol.js';
import { matchAssetKey, tableResults } from './results.js';

const encode = (value: unknown) => deflateSync(Buffer.from(JSON.stringify(value))).toString('base64');

describe('Dagster Pipes (external side)', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-pipes-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is absent without the Pipes environment', () => {
    expect(pipesParamsFromEnv({})).toBeUndefined();
  });

  it('reads the context from the file Dagster names, and the messages target', () => {
    const dir = tempDir();
    const contextFile = join(dir, 'context');
    writeFileSync(contextFile, JSON.stringify({ asset_keys: ['bronze/raw_orders'], run_id: 'r1' }));
    const params = pipesParamsFromEnv({
      [CONTEXT_ENV]: encode({ path: contextFile }),
      [MESSAGES_ENV]: encode({ path: join(dir, 'messages') }),
    });
    expect(params?.context.asset_keys).toEqual(['bronze/raw_orders']);
    expect(params?.messages).toEqual({ path: join(dir, 'messages') });
  });

  it('accepts an inline context', () => {
    const params = pipesParamsFromEnv({
      [CONTEXT_ENV]: encode({ asset_keys: ['gold/fct_orders'] }),
      [MESSAGES_ENV]: encode({ stdio: 'stderr' }),
    });
    expect(params?.context.asset_keys).toEqual(['gold/fct_orders']);
  });

  it('writes one protocol message per line with typed metadata', () => {
    const file = join(tempDir(), 'messages');
    const writer = new PipesWriter({ path: file });
    writer.opened();
    writer.materialization('gold/fct_orders', { rows: 12, snapshot_id: '42' }, '42');
    writer.closed();
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((m) => m.method)).toEqual(['opened', 'report_asset_materialization', 'closed']);
    expect(lines.every((m) => m.__dagster_pipes_version === '0.1')).toBe(true);
    expect(lines[1].params).toEqual({
      asset_key: 'gold/fct_orders',
      metadata: { rows: { raw_value: 12, type: '__infer__' }, snapshot_id: { raw_value: '42', type: '__infer__' } },
      data_version: '42',
    });
  });

  it('finds per-table results in floe generate and floe publish output', () => {
    const generate = {
      tables: [{ table: 'orders', identifier: 'bronze.raw_orders', rows: 5, snapshot_id: '9', files: 1 }],
    };
    expect(tableResults(generate)).toEqual([
      {
        table: 'bronze.raw_orders',
        metadata: { table: 'orders', identifier: 'bronze.raw_orders', rows: 5, snapshot_id: '9', files: 1 },
      },
    ]);
    const keyed = { tables: { raw_orders: { rows: 3, nested: { x: 1 } } } };
    expect(tableResults(keyed)).toEqual([{ table: 'raw_orders', metadata: { rows: 3 } }]);
    expect(tableResults('nonsense')).toEqual([]);
  });

  it('matches printed table names to asset keys', () => {
    const keys = ['bronze/raw_orders', 'gold/fct_orders'];
    expect(matchAssetKey('bronze.raw_orders', keys)).toBe('bronze/raw_orders');
    expect(matchAssetKey('orders', keys)).toBe('bronze/raw_orders');
    expect(matchAssetKey('gold.fct_orders', keys)).toBe('gold/fct_orders');
    expect(matchAssetKey('gold.dim_products', keys)).toBeUndefined();
  });
});
