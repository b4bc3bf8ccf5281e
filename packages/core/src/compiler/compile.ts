import type {
  CompiledArtifacts,
  CompiledCatalog,
  CompiledLayer,
  CompiledPublish,
  CompiledSource,
  CompiledStorage,
} from '../config/artifacts.js';
import { SCHEMA_VERSION } from '../config/artifacts.js';
import { LAYER_NAMES, type LayerName } from '../config/common.js';
import type { PipelineConfig } from '../config/pipeline.js';
import type { PlatformConfig } from '../config/platform.js';
import { FLOE_VERSION } from '../version.js';
import { catalogStorageProfile, compileCatalog } from './catalog.js';
import { compileCompute, publishMode } from './compute.js';
import { buildDbtProfile, DBT_PROFILE_NAME } from './dbt-profile.js';
import type { ConfigProblem } from './problems.js';
import { collectSecrets } from './secrets.js';
import { compileStorage, joinLocation } from './storage.js';

export interface CompileInput {
  pipeline: PipelineConfig;
  platform: PlatformConfig;
  /** floe.yaml and platform file paths relative to the project directory (POSIX). */
  floeFile: string;
  platformFile: string;
  sourceHash: string;
  /** The platform document as written (before defaults); secrets are collected from it. Defaults to `platform`. */
  platformInput?: unknown;
}

export type CompileResult = { ok: true; artifacts: CompiledArtifacts } | { ok: false; problems: ConfigProblem[] };

export const BRONZE_TABLE_PREFIX = 'raw_';
export const DEFAULT_PROFILES_DIR = '.floe';

/** Resolves floe.yaml's logical references against the platform and builds CompiledArtifacts (pure, deterministic). */
export function compile(input: CompileInput): CompileResult {
  const { pipeline, platform } = input;
  const problems: ConfigProblem[] = [];
  const refs = new References(platform, problems);

  const catalogName = pipeline.profiles.catalog;
  const storageName = pipeline.profiles.storage;
  const computeName = pipeline.profiles.compute;
  const catalog = refs.catalog(catalogName, 'floe', ['profiles', 'catalog']);
  const storage = refs.storage(storageName, 'floe', ['profiles', 'storage']);
  const computeConfig = platform.compute[computeName];
  if (!computeConfig) problems.push(missing('floe', ['profiles', 'compute'], 'compute', computeName, platform.compute));
  if (
    computeConfig?.type === 'trino' &&
    (computeConfig.password || computeConfig.jwt_token) &&
    computeConfig.http_scheme === 'http'
  ) {
    problems.push({
      document: 'platform',
      path: ['compute', computeName, 'http_scheme'],
      message: `Trino accepts a ${computeConfig.jwt_token ? 'JWT' : 'password'} only over HTTPS, but http_scheme is http`,
      hint: "set http_scheme: https (and ca_certificate when a private CA signed Trino's certificate)",
    });
  }
  if (computeConfig?.type === 'trino' && computeConfig.password && computeConfig.jwt_token) {
    problems.push({
      document: 'platform',
      path: ['compute', computeName, 'jwt_token'],
      message: 'Trino takes one way to authenticate: both password and jwt_token are set',
      hint: 'keep password (LDAP or password file on Trino) or jwt_token (JWT authentication), not both',
    });
  }

  const layers = {} as Record<LayerName, CompiledLayer>;
  for (const name of LAYER_NAMES) {
    const layer = platform.layers[name];
    const layerCatalogName = layer.catalog ?? catalogName;
    const layerCatalog = layer.catalog ? refs.catalog(layer.catalog, 'platform', ['layers', name, 'catalog']) : catalog;
    const catalogConfig = platform.catalogs[layerCatalogName];
    const storageRef = layer.storage ?? (catalogConfig && catalogStorageProfile(catalogConfig)) ?? storageName;
    const layerStorage = layer.storage
      ? refs.storage(layer.storage, 'platform', ['layers', name, 'storage'])
      : refs.storage(storageRef, 'platform', ['layers', name]);
    if (!layerCatalog || !layerStorage) continue;
    const namespace = layer.namespace ?? name;
    layers[name] = {
      name,
      namespace,
      catalog: layerCatalog,
      storage: layerStorage,
      location: joinLocation(layerStorage.root, namespace),
      retention: { snapshot_days: layer.retention.snapshot_days, min_snapshots: layer.retention.min_snapshots },
    };
  }

  // An engine that writes Iceberg itself (dbt-native) reaches every layer through one catalog of its own (Trino's
  // `catalog`, Snowflake's database, BigQuery's dataset): the layers must share the pipeline's catalog profile.
  if (computeConfig && computeConfig.type !== 'duckdb' && computeConfig.type !== 'postgres') {
    for (const name of LAYER_NAMES) {
      const layerCatalog = platform.layers[name].catalog;
      if (layerCatalog && layerCatalog !== catalogName) {
        problems.push({
          document: 'platform',
          path: ['layers', name, 'catalog'],
          message: `with compute "${computeName}" (${computeConfig.type}), dbt reads and writes every layer through one catalog, but layer ${name} uses catalog "${layerCatalog}" and the pipeline "${catalogName}"`,
          hint: `remove layers.${name}.catalog (the layers then share catalog "${catalogName}"), or use a DuckDB compute profile, which reads each layer's catalog itself`,
        });
      }
    }
  }
  if (problems.length > 0 || !catalog || !storage || !computeConfig) return { ok: false, problems: dedupe(problems) };
  const compute = compileCompute(computeName, computeConfig);

  const sources: CompiledSource[] = pipeline.sources.map((source) => ({
    name: source.name,
    dataset: source.dataset,
    layer: 'bronze',
    namespace: layers.bronze.namespace,
    table_prefix: BRONZE_TABLE_PREFIX,
    seed: source.seed,
    rows: source.rows,
    rows_per_second: source.rows_per_second ?? null,
    mode: source.mode,
    defects: { nulls: source.defects.nulls, duplicates: source.defects.duplicates, late: source.defects.late },
    timezone: source.timezone,
  }));

  const dbt = pipeline.transforms.dbt;
  const dbtProfile = dbt
    ? buildDbtProfile(compute, platform.metadata.environment, dbt.threads, layers.bronze.storage)
    : undefined;

  const mode = publishMode(compute);
  const publish: CompiledPublish[] = pipeline.publish.map((entry) => {
    const layer = layers[entry.layer];
    const table = entry.table ?? entry.model;
    return {
      model: entry.model,
      layer: entry.layer,
      namespace: layer.namespace,
      table,
      identifier: `${layer.namespace}.${table}`,
      catalog: layer.catalog.profile,
      location: joinLocation(layer.location, table),
      mode,
    };
  });

  const cube = pipeline.consumption.cube;
  const otlp = platform.observability.otlp;
  const openlineage = platform.observability.openlineage;
  const artifacts: CompiledArtifacts = {
    schema_version: SCHEMA_VERSION,
    floe_version: FLOE_VERSION,
    source_hash: input.sourceHash,
    project: {
      name: pipeline.name,
      version: pipeline.version,
      description: pipeline.description ?? null,
      floe_file: input.floeFile,
      platform_file: input.platformFile,
    },
    platform: { name: platform.metadata.name, environment: platform.metadata.environment },
    catalog,
    storage,
    compute,
    layers,
    sources,
    transforms: {
      dbt:
        dbt && dbtProfile
          ? {
              project: dbt.project.replace(/\/+$/, ''),
              profiles_dir: DEFAULT_PROFILES_DIR,
              profile_name: DBT_PROFILE_NAME,
              target: platform.metadata.environment,
              select: [...dbt.select],
              exclude: [...dbt.exclude],
              vars: dbt.vars as Record<string, unknown>,
              threads: dbt.threads,
              env: dbtProfile.env,
              profile: dbtProfile.profile,
            }
          : null,
    },
    publish,
    consumption: {
      cube: cube
        ? {
            model: cube.model.replace(/\/+$/, ''),
            pre_aggregations: { ...cube.pre_aggregations },
            url: platform.services.cube?.url ?? null,
          }
        : null,
    },
    orchestration: {
      dagster: {
        url: platform.services.dagster?.url ?? null,
        metadata:
          platform.orchestration.dagster.metadata.type === 'sqlite'
            ? { type: 'sqlite', path: platform.orchestration.dagster.metadata.path }
            : {
                ...platform.orchestration.dagster.metadata,
                password: platform.orchestration.dagster.metadata.password ?? null,
              },
      },
      schedules: pipeline.orchestration.schedules.map((s) => ({ ...s, cron: s.cron.trim() })),
      sensors: pipeline.orchestration.sensors.map((s) => ({
        ...s,
        job: s.job ?? (s.type === 'freshness' ? 'freshness' : 'transform'),
        max_lag_minutes: s.max_lag_minutes ?? null,
      })),
      retries: { ...pipeline.orchestration.retries },
    },
    observability: {
      service_name: pipeline.observability.service_name ?? pipeline.name,
      log_level: pipeline.observability.log_level,
      tracing: pipeline.observability.tracing,
      lineage: pipeline.observability.lineage,
      otlp: otlp ? { endpoint: otlp.endpoint, protocol: otlp.protocol, headers: { ...otlp.headers } } : null,
      openlineage: openlineage
        ? { url: openlineage.url, namespace: openlineage.namespace, api_key: openlineage.api_key ?? null }
        : null,
    },
    governance: { classifications: pipeline.governance.classifications },
    services: { cube: platform.services.cube?.url ?? null, dagster: platform.services.dagster?.url ?? null },
    secrets: collectSecrets(input.platformInput ?? platform),
  };
  return { ok: true, artifacts };
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    if (seen.has(p.message)) return false;
    seen.add(p.message);
    return true;
  });
}

function missing(
  document: ConfigProblem['document'],
  path: (string | number)[],
  kind: string,
  name: string,
  defined: Record<string, unknown>,
): ConfigProblem {
  const names = Object.keys(defined);
  return {
    document,
    path,
    message: `${kind} profile "${name}" is not defined in the platform file`,
    hint: names.length > 0 ? `defined ${kind} profiles: ${names.join(', ')}` : `add a ${kind} profile named "${name}"`,
  };
}

/** Resolves profile names once each, recording a problem for each unknown name. */
class References {
  private readonly storages = new Map<string, CompiledStorage>();

  constructor(
    private readonly platform: PlatformConfig,
    private readonly problems: ConfigProblem[],
  ) {}

  storage(name: string, document: ConfigProblem['document'], path: (string | number)[]): CompiledStorage | undefined {
    const cached = this.storages.get(name);
    if (cached) return cached;
    const config = this.platform.storage[name];
    if (!config) {
      this.problems.push(missing(document, path, 'storage', name, this.platform.storage));
      return undefined;
    }
    const compiled = compileStorage(name, config);
    this.storages.set(name, compiled);
    return compiled;
  }

  catalog(name: string, document: ConfigProblem['document'], path: (string | number)[]): CompiledCatalog | undefined {
    const config = this.platform.catalogs[name];
    if (!config) {
      this.problems.push(missing(document, path, 'catalog', name, this.platform.catalogs));
      return undefined;
    }
    const storageName = catalogStorageProfile(config);
    let storage: CompiledStorage | undefined;
    if (storageName !== undefined) {
      const field = config.type === 'sql' ? 'warehouse' : 'storage';
      storage = this.storage(storageName, 'platform', ['catalogs', name, field]);
      if (!storage) return undefined;
    }
    return compileCatalog(name, config, storage);
  }
}
