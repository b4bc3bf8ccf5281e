/**
 * Cube reads part of its configuration from process environment variables only. floe sets the ones it relies on
 * unless the user set them already, and returns what it set. `CUBEJS_DB_TYPE` is the exception: it names the driver
 * floe hands to Cube, so it always follows that driver.
 */
export type CubeMode = 'native' | 'compat';

/** The database Cube's driver talks to: DuckDB over floe's table binding, or the project's Trino. */
export type CubeDbType = 'duckdb' | 'trino';

export function cubeEnvironment(mode: CubeMode, dbType: CubeDbType = 'duckdb'): Record<string, string> {
  const wanted: Record<string, string> = {
    // The driver instance comes from floe; Cube resolves its SQL dialect and queue concurrency from this type.
    CUBEJS_DB_TYPE: dbType,
    // Pre-aggregations live in the source database itself (DuckDB, or the Trino catalog): no Cube Store.
    CUBEJS_EXTERNAL_DEFAULT: 'false',
    // No telemetry: the only network traffic is on loopback.
    CUBEJS_TELEMETRY: 'false',
  };
  // Cube's default SQL planner (Tesseract) is part of the native module; the JavaScript planner is Cube's own too.
  if (mode === 'compat') wanted.CUBEJS_TESSERACT_SQL_PLANNER = 'false';
  return wanted;
}

/** Variables that follow floe's choices whatever the environment says. */
const FOLLOWS_DRIVER = new Set(['CUBEJS_DB_TYPE']);

export function applyCubeEnvironment(
  mode: CubeMode,
  env: NodeJS.ProcessEnv = process.env,
  dbType: CubeDbType = 'duckdb',
): Record<string, string> {
  const applied: Record<string, string> = {};
  for (const [key, value] of Object.entries(cubeEnvironment(mode, dbType))) {
    if (env[key] === undefined || (FOLLOWS_DRIVER.has(key) && env[key] !== value)) {
      env[key] = value;
      applied[key] = value;
    }
  }
  return applied;
}
