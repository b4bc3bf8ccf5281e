import type { CheckDefinition } from '../src/contract.js';
import { plan } from '../src/contract.js';
import { createRedactor } from '../src/redactor.js';
import type { CheckResult } from '../src/report.js';
import { runChecks } from '../src/runner.js';

/** Runs one check through the real runner (timeout, redaction) with the given secret values. */
export async function runCheck<P>(
  definition: CheckDefinition<P>,
  profile: P,
  secrets: Record<string, string> = {},
  options: { timeoutMs?: number; deep?: boolean; projectDir?: string; name?: string } = {},
): Promise<CheckResult> {
  const map = new Map(Object.entries(secrets));
  const planned = plan(definition, options.name ?? 'test', profile);
  await planned.prepare?.(); // as runPreflight does: client libraries load before the clock starts
  const report = await runChecks([planned], {
    timeoutMs: options.timeoutMs ?? 5000,
    deep: options.deep ?? false,
    projectDir: options.projectDir ?? process.cwd(),
    platform: 'test.yaml',
    secrets: map,
    redact: createRedactor(map.values()),
  });
  return report.checks[0]!;
}

/** A failing result with a remediation and the failure kind in details. */
export function failureKind(result: CheckResult): unknown {
  return result.details.failure;
}
