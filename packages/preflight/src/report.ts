import { z } from 'zod';

/** Version of the `--json` report format; bump on an incompatible change. */
export const REPORT_VERSION = 1;

export const checkStatusSchema = z.enum(['ok', 'warning', 'error', 'skipped']);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

export const serviceGroupSchema = z.enum(['compute', 'storage', 'catalog', 'postgres', 'services']);
export type ServiceGroup = z.infer<typeof serviceGroupSchema>;

export const checkResultSchema = z
  .strictObject({
    service: z.string().min(1).meta({ description: 'Which service: "<group>/<profile>", e.g. storage/lake.' }),
    name: z.string().min(1).meta({ description: 'The check id, e.g. storage.s3.' }),
    status: checkStatusSchema,
    message: z.string().meta({ description: 'One line saying what was found.' }),
    remediation: z.string().nullable().meta({ description: 'What to do about it; null when the status is ok.' }),
    duration_ms: z.number().int().min(0),
    details: z.record(z.string(), z.unknown()).meta({ description: 'Check-specific facts (never secrets).' }),
  })
  .meta({ title: 'One preflight check result' });
export type CheckResult = z.infer<typeof checkResultSchema>;

export const preflightReportSchema = z
  .strictObject({
    version: z.literal(REPORT_VERSION),
    status: z.enum(['ok', 'warning', 'error']).meta({ description: 'error when any check failed.' }),
    started_at: z.iso.datetime(),
    duration_ms: z.number().int().min(0),
    platform: z.string().meta({ description: 'The platform file checked.' }),
    checks: z.array(checkResultSchema),
  })
  .meta({ title: 'floe preflight report', description: 'Output of `floe preflight --json`.' });
export type PreflightReport = z.infer<typeof preflightReportSchema>;

export const PREFLIGHT_REPORT_SCHEMA_ID = 'https://floe.dev/schemas/v1/preflight-report.schema.json';

/** JSON Schema (draft 2020-12) of the report, generated from the zod schema (`floe schema preflight-report`). */
export function preflightReportJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(preflightReportSchema, {
    target: 'draft-2020-12',
    io: 'output',
  }) as Record<string, unknown>;
  return { $schema, $id: PREFLIGHT_REPORT_SCHEMA_ID, ...rest };
}

/** The overall status: error beats warning beats ok; skipped counts as ok. */
export function overallStatus(checks: readonly Pick<CheckResult, 'status'>[]): PreflightReport['status'] {
  if (checks.some((c) => c.status === 'error')) return 'error';
  if (checks.some((c) => c.status === 'warning')) return 'warning';
  return 'ok';
}
