import { describe, expect, it } from 'vitest';
import { applyCubeEnvironment } from './environment.js';
import { detectCubeNative } from './native.js';

describe('Cube environment and native detection', () => {
  it('selects the JavaScript planner only in compatibility mode and keeps what the user set', () => {
    const env: NodeJS.ProcessEnv = { CUBEJS_TELEMETRY: 'true' };
    const applied = applyCubeEnvironment('compat', env);
    expect(env.CUBEJS_TESSERACT_SQL_PLANNER).toBe('false');
    expect(env.CUBEJS_EXTERNAL_DEFAULT).toBe('false');
    expect(env.CUBEJS_TELEMETRY).toBe('true');
    expect(applied).not.toHaveProperty('CUBEJS_TELEMETRY');
    const native: NodeJS.ProcessEnv = {};
    applyCubeEnvironment('native', native);
    expect(native.CUBEJS_TESSERACT_SQL_PLANNER).toBeUndefined();
  });

  it('sets CUBEJS_DB_TYPE from the driver floe hands to Cube, over whatever was set before', () => {
    const env: NodeJS.ProcessEnv = {};
    applyCubeEnvironment('compat', env);
    expect(env.CUBEJS_DB_TYPE).toBe('duckdb');
    const applied = applyCubeEnvironment('compat', env, 'trino');
    expect(env.CUBEJS_DB_TYPE).toBe('trino');
    expect(applied).toEqual({ CUBEJS_DB_TYPE: 'trino' });
    expect(applyCubeEnvironment('compat', env, 'trino')).toEqual({});
    applyCubeEnvironment('native', env, 'duckdb');
    expect(env.CUBEJS_DB_TYPE).toBe('duckdb');
  });

  it('reports whether the native module loads, with the reason when it does not', () => {
    const status = detectCubeNative();
    if (status.available) expect(status.reason).toBeUndefined();
    else expect(status.reason).toMatch(/native/i);
  });
});
