import { z } from 'zod';
import { apiVersion, fsPath, identifier, type layerName, profileName } from './common.js';
import { cronProblem } from './cron.js';

const fraction = z.number().min(0).max(1);

export const defectsSchema = z
  .strictObject({
    nulls: fraction.default(0).meta({ description: 'Share of rows with a nulled optional column.' }),
    duplicates: fraction.default(0).meta({ description: 'Share of rows emitted twice.' }),
    late: fraction.default(0).meta({ description: 'Share of rows whose event time is in the past (late arrivals).' }),
  })
  .meta({ description: 'Data-quality defects injected on purpose.' });

const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as UTC or Europe/Berlin');

export const sourceSchema = z.strictObject({
  name: identifier.meta({ description: 'Source name; bronze tables are named raw_<table>.' }),
  dataset: z.enum(['ecommerce', 'saas']).meta({ description: 'Synthetic dataset generator.' }),
  layer: z.literal('bronze').default('bronze'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(42),
  rows: z.number().int().min(1).max(10_000_000).default(1000).meta({ description: 'Rows per batch.' }),
  rows_per_second: z
    .number()
    .positive()
    .optional()
    .meta({ description: 'Pacing of mode realistic; burst mode writes a batch at once.' }),
  mode: z.enum(['burst', 'realistic']).default('burst'),
  defects: defectsSchema.prefault({}),
  timezone: timezone.default('UTC'),
});

const dbtVarValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(dbtVarValue), z.record(z.string(), dbtVarValue)]),
);

export const dbtTransformSchema = z.strictObject({
  project: fsPath.default('dbt').meta({ description: 'dbt project folder, relative to the project directory.' }),
  select: z.array(z.string().min(1)).default([]),
  exclude: z.array(z.string().min(1)).default([]),
  vars: z.record(z.string().min(1), dbtVarValue).default({}),
  threads: z.number().int().min(1).max(64).default(4),
});

export const publishSchema = z.strictObject({
  model: identifier.meta({ description: 'dbt model to publish as an Iceberg table.' }),
  layer: z.enum(['silver', 'gold']),
  table: identifier.optional().meta({ description: 'Table name; defaults to the model name.' }),
});

export const preAggregationsSchema = z.strictObject({
  enabled: z.boolean().default(true),
  refresh_every: z
    .string()
    .regex(/^\d+ (second|minute|hour|day)s?$/, 'must look like "5 minutes"')
    .default('5 minutes'),
  external: z.boolean().default(false).meta({ description: 'Store pre-aggregations in Cube Store (true) or DuckDB.' }),
});

export const consumptionSchema = z.strictObject({
  cube: z
    .strictObject({
      model: fsPath.default('cube/model').meta({ description: 'Cube data-model folder, relative to the project.' }),
      pre_aggregations: preAggregationsSchema.prefault({}),
    })
    .optional(),
});

/** Jobs of the code location; `freshness` runs the dbt source freshness checks (needs a dbt project). */
export const JOB_NAMES = ['pipeline', 'generate', 'transform', 'publish', 'freshness'] as const;

export const scheduleSchema = z.strictObject({
  name: identifier,
  cron: z.string().superRefine((value, ctx) => {
    const problem = cronProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `invalid cron expression: ${problem}` });
  }),
  job: z.enum(JOB_NAMES).default('pipeline'),
  timezone: timezone.default('UTC'),
  enabled: z.boolean().default(true),
});

export const sensorSchema = z.strictObject({
  name: identifier,
  type: z.enum(['new_data', 'freshness']).meta({
    description:
      'new_data: run the job when a bronze table gets a new snapshot; freshness: run the dbt source freshness ' +
      'checks every minimum_interval_seconds (a failed check is the alert that data is stale).',
  }),
  job: z.enum(JOB_NAMES).optional().meta({ description: 'default: transform for new_data, freshness for freshness.' }),
  minimum_interval_seconds: z.number().int().min(1).default(30),
  max_lag_minutes: z.number().int().min(1).optional().meta({
    description:
      "freshness: the check also fails when the newest loaded_at is older than this (beside dbt's own limits).",
  }),
  enabled: z.boolean().default(true),
});

export const retriesSchema = z.strictObject({
  max: z.number().int().min(0).max(20).default(3),
  backoff: z.enum(['none', 'linear', 'exponential']).default('exponential'),
  delay_seconds: z.number().min(0).max(3600).default(10),
});

export const DEFAULT_SCHEDULE = { name: 'pipeline_every_5_minutes', cron: '*/5 * * * *', job: 'pipeline' } as const;

export const pipelineOrchestrationSchema = z.strictObject({
  schedules: z.array(scheduleSchema).prefault([DEFAULT_SCHEDULE]),
  sensors: z.array(sensorSchema).default([]),
  retries: retriesSchema.prefault({}),
});

export const pipelineObservabilitySchema = z.strictObject({
  tracing: z.boolean().default(true),
  lineage: z.boolean().default(true),
  log_level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  service_name: z.string().min(1).optional(),
});

export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'pii', 'restricted'] as const;

export const governanceSchema = z.strictObject({
  classifications: z
    .record(identifier, z.record(identifier, z.enum(CLASSIFICATIONS)))
    .default({})
    .meta({ description: 'model → column → classification', examples: [{ dim_customers: { email: 'pii' } }] }),
});

const unique =
  <T>(key: (item: T) => string, what: string) =>
  (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const k = key(item);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', message: `duplicate ${what} "${k}"`, path: [index] });
      seen.add(k);
    });
  };

export const pipelineSchema = z
  .strictObject({
    apiVersion,
    kind: z.literal('Pipeline'),
    name: profileName.meta({ description: 'Pipeline name.' }),
    version: z.string().regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, 'must be a semantic version such as 1.0.0'),
    description: z.string().optional(),
    profiles: z
      .strictObject({
        catalog: profileName.default('default'),
        storage: profileName.default('default'),
        compute: profileName.default('default'),
      })
      .prefault({})
      .meta({ description: 'Logical profile names, resolved against the platform file.' }),
    sources: z
      .array(sourceSchema)
      .default([])
      .superRefine(unique((s) => s.name, 'source name')),
    transforms: z.strictObject({ dbt: dbtTransformSchema.optional() }).prefault({}),
    publish: z
      .array(publishSchema)
      .default([])
      .superRefine(unique((p) => `${p.layer}.${p.table ?? p.model}`, 'published table')),
    consumption: consumptionSchema.prefault({}),
    orchestration: pipelineOrchestrationSchema.prefault({}),
    observability: pipelineObservabilitySchema.prefault({}),
    governance: governanceSchema.prefault({}),
  })
  .meta({ title: 'floe floe.yaml', description: 'A data pipeline: sources, transforms, publishing, consumption.' });

export type PipelineConfig = z.output<typeof pipelineSchema>;
export type PipelineConfigInput = z.input<typeof pipelineSchema>;
export type LayerRef = z.infer<typeof layerName>;
