import { z } from 'zod';

/**
 * Where the next run of a dataset continues: the next id per table and the end of the last
 * window. Sinks persist it (a state file next to file outputs, snapshot properties in Iceberg).
 */
export const DatasetStateSchema = z.strictObject({
  dataset: z.string(),
  /** Completed runs so far. */
  runs: z.number().int().nonnegative(),
  /** End of the last run's window, epoch ms. */
  watermark: z.number().int().nullable(),
  /** Next id per table (ids start at 1). */
  nextIds: z.record(z.string(), z.number().int().positive()),
});

export type DatasetState = z.infer<typeof DatasetStateSchema>;

export function initialState(dataset: string, tables: readonly string[]): DatasetState {
  return { dataset, runs: 0, watermark: null, nextIds: Object.fromEntries(tables.map((t) => [t, 1])) };
}
