/**
 * Cube reads part of its configuration from process environment variables only. floe sets the ones it relies on
 * unless the user set them already, and returns what it set.
 */
export type CubeMode = 'native' | 'compat';

export function cubeEnvironment(mode: CubeMode): Record<string, string> {
  const wanted: Record<string, string> = {
    // The driver instance comes from floe; Cube resolves the SQL dialect from this type.
    CUBEJS_DB_TYPE: 'duckdb',
    // Pre-aggregations live in DuckDB itself: no Cube Store.
    CUBEJS_EXTERNAL_DEFAULT: 'false',
    // No telemetry: the only network traffic is on loopback.
    CUBEJS_TELEMETRY: 'false',
  };
  // Cube's default SQL planner (Tesseract) is part of the native module; the JavaScript planner is Cube's own too.
  if (mode === 'compat') wanted.CUBEJS_TESSERACT_SQL_PLANNER = 'false';
  return wanted;
}

export function applyCubeEnvironment(mode: CubeMode, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const applied: Record<string, string> = {};
  for (const [key, value] of Object.entries(cubeEnvironment(mode))) {
    if (env[key] === undefined) {
      env[key] = value;
      applied[key] = value;
    }
  }
  return applied;
}
