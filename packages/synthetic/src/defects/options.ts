import { inputError } from '@floe/core';
import { z } from 'zod';

/** Data-quality defects planted in generated data. Every rate is a probability in [0, 1]. */
export const DefectOptionsSchema = z.strictObject({
  /** Probability that a cell of a chosen column is null. */
  nulls: z.number().min(0).max(1).default(0),
  /** Columns (`table.column`) that receive nulls; empty = the dataset's defaults. */
  nullColumns: z.array(z.string().regex(/^[a-z_]+\.[a-z_]+$/)).default([]),
  /** Probability that an event row is emitted a second time, identical. */
  exactDuplicates: z.number().min(0).max(1).default(0),
  /** Probability that an event row is emitted a second time with small differences (same id). */
  nearDuplicates: z.number().min(0).max(1).default(0),
  /** Probability that an event row's event time lies before the batch window (late-arriving). */
  late: z.number().min(0).max(1).default(0),
  /** How far before the window a late row's event time lies, in ms: uniform in [min, max]. */
  lateMinMs: z.number().int().positive().default(3_600_000),
  lateMaxMs: z
    .number()
    .int()
    .positive()
    .default(3 * 86_400_000),
});

export type DefectOptions = z.infer<typeof DefectOptionsSchema>;
export type DefectOptionsInput = z.input<typeof DefectOptionsSchema>;

export const NO_DEFECTS: DefectOptions = DefectOptionsSchema.parse({});

const KEYS: Record<string, (rate: number, into: Record<string, number>) => void> = {
  nulls: (r, o) => {
    o.nulls = r;
  },
  duplicates: (r, o) => {
    o.exactDuplicates = r / 2;
    o.nearDuplicates = r / 2;
  },
  exact_duplicates: (r, o) => {
    o.exactDuplicates = r;
  },
  near_duplicates: (r, o) => {
    o.nearDuplicates = r;
  },
  late: (r, o) => {
    o.late = r;
  },
};

/**
 * Parses the `--defects` syntax: `nulls=0.02,duplicates=0.01,late=0.05`. `duplicates` splits evenly
 * into exact and near duplicates; `exact_duplicates` and `near_duplicates` set each alone.
 */
export function parseDefects(text: string, nullColumns: string[] = []): DefectOptions {
  const rates: Record<string, number> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, value, extra] = part.split('=');
    const apply = key === undefined ? undefined : KEYS[key.trim()];
    const rate = Number(value);
    if (!apply || value === undefined || extra !== undefined || !Number.isFinite(rate) || rate < 0 || rate > 1) {
      throw inputError(`invalid --defects entry "${part}"`, {
        hint: `write key=rate pairs with rates in [0, 1], keys ${Object.keys(KEYS).join(', ')}; e.g. nulls=0.02,duplicates=0.01,late=0.05`,
      });
    }
    apply(rate, rates);
  }
  return DefectOptionsSchema.parse({ ...rates, nullColumns });
}
