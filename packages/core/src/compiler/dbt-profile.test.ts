import { describe, expect, it } from 'vitest';
import type { CompiledCompute } from '../config/artifacts.js';
import { buildDbtProfile } from './dbt-profile.js';

const duckdb = (extra: Partial<Extract<CompiledCompute, { type: 'duckdb' }>> = {}): CompiledCompute => ({
  profile: 'default',
  type: 'duckdb',
  path: 'warehouse/floe.duckdb',
  threads: null,
  memory_limit: null,
  extensions: [],
  ...extra,
});

describe('dbt profile for DuckDB compute', () => {
  it("passes the platform's DuckDB threads and memory limit as DuckDB settings, apart from dbt's own threads", () => {
    const profile = JSON.stringify(buildDbtProfile(duckdb({ threads: 2, memory_limit: '4GB' }), 'local', 4));
    const output = JSON.parse(profile).profile.floe.outputs.local;
    expect(output.threads).toBe(4);
    expect(output.settings).toEqual({ threads: 2, memory_limit: '4GB' });
  });

  it('writes no settings when the platform sets none', () => {
    const output = JSON.parse(JSON.stringify(buildDbtProfile(duckdb(), 'local', 4))).profile.floe.outputs.local;
    expect(output.settings).toBeUndefined();
  });
});
