import { inputError } from '@floe/core';
import { z } from 'zod';
import type { Dataset, RunOptions } from './datasets/dataset.js';
import { type DefectOptions, DefectOptionsSchema } from './defects/options.js';
import { assertTimeZone } from './time/timezone.js';

export const DEFAULT_SEED = 42;
export const DEFAULT_BURST_ROWS = 10_000;
export const DEFAULT_BURST_DURATION_MS = 7 * 86_400_000;
export const DEFAULT_REALISTIC_DURATION_MS = 5 * 60_000;
export const DEFAULT_RATE_PER_HOUR = 1_200;
export const DEFAULT_CHUNK_ROWS = 65_536;

/** Options of one generation run as callers give them; `resolveRunOptions` fills the defaults. */
export const GenerateOptionsSchema = z.strictObject({
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(DEFAULT_SEED),
  mode: z.enum(['burst', 'realistic']).default('burst'),
  rows: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  durationMs: z.number().int().positive().optional(),
  /** Window end (epoch ms); default now. Pass it for reproducible timestamps. */
  endMs: z.number().int().optional(),
  ratePerHour: z.number().positive().default(DEFAULT_RATE_PER_HOUR),
  timeZone: z.string().default('UTC'),
  defects: DefectOptionsSchema.default(DefectOptionsSchema.parse({})),
  chunkRows: z
    .number()
    .int()
    .min(1)
    .max(1 << 20)
    .default(DEFAULT_CHUNK_ROWS),
});

export type GenerateOptions = z.input<typeof GenerateOptionsSchema>;

/** Validates options and fills defaults; `now` is only used when `endMs` is absent. */
export function resolveRunOptions(dataset: Dataset, input: GenerateOptions, now = Date.now()): RunOptions {
  const parsed = GenerateOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw inputError(`invalid generate option ${issue.path.join('.') || '(options)'}: ${issue.message}`);
  }
  const o = parsed.data;
  assertTimeZone(o.timeZone);
  const defects = withDefaultNullColumns(dataset, o.defects);
  return {
    seed: o.seed,
    mode: o.mode,
    // realistic: rows derive from the window and the rate; --rows only caps them (e.g. a long catch-up).
    rows: o.rows ?? (o.mode === 'burst' ? DEFAULT_BURST_ROWS : Number.MAX_SAFE_INTEGER),
    endMs: o.endMs ?? Math.floor(now / 1000) * 1000,
    durationMs: o.durationMs ?? (o.mode === 'burst' ? DEFAULT_BURST_DURATION_MS : DEFAULT_REALISTIC_DURATION_MS),
    ratePerHour: o.ratePerHour,
    timeZone: o.timeZone,
    defects,
    chunkRows: o.chunkRows,
  };
}

function withDefaultNullColumns(dataset: Dataset, defects: DefectOptions): DefectOptions {
  const columns = defects.nullColumns.length > 0 ? defects.nullColumns : [...dataset.defaultNullColumns];
  for (const q of columns) {
    const [table, column] = q.split('.');
    const spec = dataset.tables.find((t) => t.name === table);
    const col = spec?.columns.find((c) => c.name === column);
    if (!spec || !col) {
      throw inputError(`unknown null column "${q}" for dataset ${dataset.name}`, {
        hint: `use table.column with tables ${dataset.tables.map((t) => t.name).join(', ')}`,
      });
    }
    if (!col.nullable)
      throw inputError(`column ${q} cannot hold nulls (it is the table key)`, { hint: 'choose another column' });
  }
  return { ...defects, nullColumns: columns };
}
