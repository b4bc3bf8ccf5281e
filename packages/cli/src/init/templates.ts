/** Files `floe init` writes, relative to the new project directory. */
export interface InitOptions {
  /** Pipeline name (lower case, digits, "_" and "-"). */
  name: string;
}

export function dbtProjectName(name: string): string {
  const id = name.replace(/[^a-z0-9_]/g, '_');
  return /^[a-z_]/.test(id) ? id : `p_${id}`;
}

export function initFiles({ name }: InitOptions): Record<string, string> {
  const dbtName = dbtProjectName(name);
  return {
    'floe.yaml': `# yaml-language-server: $schema=.floe/schemas/floe.schema.json
# The pipeline: what data comes in, how dbt transforms it and what gets published.
# Reference: docs/configuration.md in the floe repository; \`floe schema floe\` prints the JSON Schema.
apiVersion: floe.dev/v1
kind: Pipeline
name: ${name}
version: 0.1.0

# Logical profile names, resolved against the platform file (platform/local.yaml by default).
profiles:
  catalog: default
  storage: default
  compute: default

# Synthetic sources written to Iceberg bronze tables (raw_*).
sources:
  - name: orders
    dataset: ecommerce
    seed: 42
    rows: 1000
    mode: burst

transforms:
  dbt:
    project: dbt

# dbt models to publish as Iceberg tables, e.g.
#   - model: fct_orders
#     layer: gold
publish: []

orchestration:
  schedules:
    - name: pipeline_every_5_minutes
      cron: "*/5 * * * *"
      job: pipeline
`,
    'platform/local.yaml': `# yaml-language-server: $schema=../.floe/schemas/platform.schema.json
# Infrastructure for this machine: a local warehouse folder, a SQLite Iceberg catalog and DuckDB.
# Relative paths resolve against the project directory. Credentials are references only
# (env:NAME, file:/path, secret:<k8s-secret>/<key>).
apiVersion: floe.dev/v1
kind: Platform
metadata:
  name: local
  environment: local

storage:
  default:
    type: local
    path: warehouse

catalogs:
  default:
    type: sql
    uri: sqlite:warehouse/catalog.db
    warehouse: default

compute:
  default:
    type: duckdb
    path: warehouse/floe.duckdb

layers:
  bronze:
    namespace: bronze
  silver:
    namespace: silver
  gold:
    namespace: gold
`,
    'dbt/dbt_project.yml': `# dbt project of the ${name} pipeline. floe generates the "floe" profile (floe compile → .floe/profiles.yml).
name: ${dbtName}
version: "0.1.0"
config-version: 2
profile: floe

model-paths: ["models"]
macro-paths: ["macros"]
seed-paths: ["seeds"]
test-paths: ["tests"]
target-path: target
clean-targets: [target, dbt_packages]

models:
  ${dbtName}:
    +materialized: table
`,
    'dbt/models/.gitkeep': '',
    'dbt/macros/.gitkeep': '',
    'dbt/seeds/.gitkeep': '',
    'dbt/tests/.gitkeep': '',
    '.gitignore': `.floe/
warehouse/
dbt/target/
dbt/logs/
dbt/dbt_packages/
`,
  };
}
