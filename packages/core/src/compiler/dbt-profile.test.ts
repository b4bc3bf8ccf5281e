import { describe, expect, it } from 'vitest';
import type { CompiledCompute, CompiledStorage } from '../config/artifacts.js';
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

  it('gives dbt a DuckDB secret for an object-store bronze layer: env_var lookups, never the values', () => {
    const s3: CompiledStorage = {
      profile: 'default',
      type: 's3',
      root: 's3://lake/demo',
      bucket: 'lake',
      prefix: 'demo',
      endpoint: 'http://127.0.0.1:19000',
      region: 'us-east-1',
      path_style: true,
      credentials: { access_key_id: 'env:S3_KEY', secret_access_key: 'secret:s3/secret', session_token: null },
    };
    const built = buildDbtProfile(duckdb(), 'stack', 4, s3);
    const output = JSON.parse(JSON.stringify(built)).profile.floe.outputs.stack;
    expect(output.secrets).toEqual([
      {
        type: 's3',
        scope: 's3://lake',
        region: 'us-east-1',
        url_style: 'path',
        endpoint: '127.0.0.1:19000',
        use_ssl: 'false',
        key_id: "{{ env_var('S3_KEY') }}",
        secret: "{{ env_var('FLOE_SECRET_S3_SECRET') }}",
      },
    ]);
    expect(output.config_options).toEqual({
      extension_directory: "{{ env_var('FLOE_DUCKDB_EXTENSIONS') }}",
      autoinstall_known_extensions: false,
    });
    expect(built.env).toEqual({ S3_KEY: 'env:S3_KEY', FLOE_SECRET_S3_SECRET: 'secret:s3/secret' });

    const gcs: CompiledStorage = {
      profile: 'default',
      type: 'gcs',
      root: 'gs://lake',
      bucket: 'lake',
      prefix: '',
      project: null,
      endpoint: null,
      credentials: null,
    };
    const gcsOutput = JSON.parse(JSON.stringify(buildDbtProfile(duckdb(), 't', 1, gcs))).profile.floe.outputs.t;
    expect(gcsOutput.secrets).toEqual([{ type: 'gcs', scope: 'gcs://lake', provider: 'credential_chain' }]);

    const local: CompiledStorage = { profile: 'default', type: 'local', root: 'warehouse', path: 'warehouse' };
    const localOutput = JSON.parse(JSON.stringify(buildDbtProfile(duckdb(), 't', 1, local))).profile.floe.outputs.t;
    expect(localOutput.secrets).toBeUndefined();
    expect(localOutput.config_options).toBeUndefined();
  });
});
