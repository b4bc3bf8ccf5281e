import type { CheckOutcome, PlannedCheck, RunContext } from './contract.js';
import { formatSeconds, isCheckFailure } from './failure.js';
import { redactDeep } from './redactor.js';
import { type CheckResult, overallStatus, type PreflightReport, REPORT_VERSION } from './report.js';

export interface RunOptions {
  /** Per-check time limit. */
  timeoutMs: number;
  deep?: boolean;
  projectDir: string;
  /** The platform file, as shown in the report. */
  platform: string;
  /** Resolved values of secret references, by reference. */
  secrets: ReadonlyMap<string, string>;
  redact: (text: string) => string;
  /** Called as each check finishes (progress on a TTY). */
  onResult?: (result: CheckResult) => void;
}

/** Extra time a check gets to turn its own abort into a specific message before the runner gives up on it. */
const GRACE_MS = 200;

/**
 * Runs every check concurrently, each bounded by the timeout. A check that ignores its abort signal is
 * abandoned at timeout + grace, so the run ends within the timeout plus a fraction of a second.
 */
export async function runChecks(checks: readonly PlannedCheck[], options: RunOptions): Promise<PreflightReport> {
  const startedAt = new Date();
  const start = performance.now();
  const results = await Promise.all(checks.map((check) => runOne(check, options)));
  return {
    version: REPORT_VERSION,
    status: overallStatus(results),
    started_at: startedAt.toISOString(),
    duration_ms: Math.round(performance.now() - start),
    platform: options.platform,
    checks: results,
  };
}

async function runOne(check: PlannedCheck, options: RunOptions): Promise<CheckResult> {
  const controller = new AbortController();
  const start = performance.now();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  let hardTimer: NodeJS.Timeout | undefined;
  const ctx: RunContext = {
    signal: controller.signal,
    timeoutMs: options.timeoutMs,
    deep: options.deep ?? false,
    projectDir: options.projectDir,
    redact: options.redact,
    secret(ref) {
      const value = options.secrets.get(ref);
      if (value === undefined) throw new Error(`secret reference ${ref} was not resolved before the run`);
      return value;
    },
  };
  const abandoned = new Promise<CheckOutcome>((resolve) => {
    hardTimer = setTimeout(
      () =>
        resolve({
          status: 'error',
          message: `no result within ${formatSeconds(options.timeoutMs)} (the check was abandoned)`,
          remediation:
            'The service did not answer in time: check that it is up and reachable from here, or raise --timeout.',
          details: { failure: 'timeout' },
        }),
      options.timeoutMs + GRACE_MS,
    );
  });
  let outcome: CheckOutcome;
  try {
    outcome = await Promise.race([check.run(ctx).catch(outcomeOfError), abandoned]);
  } finally {
    clearTimeout(timer);
    clearTimeout(hardTimer);
    controller.abort();
  }
  const result: CheckResult = {
    service: check.service,
    name: check.name,
    status: outcome.status,
    message: outcome.message,
    remediation: outcome.status === 'ok' ? null : (outcome.remediation ?? 'See the message above.'),
    duration_ms: Math.round(performance.now() - start),
    details: outcome.details ?? {},
  };
  const redacted = redactDeep(result, options.redact);
  options.onResult?.(redacted);
  return redacted;
}

function outcomeOfError(error: unknown): CheckOutcome {
  if (isCheckFailure(error)) return error.toOutcome();
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: 'error',
    message: `unexpected error: ${message.split('\n')[0]}`,
    remediation:
      'This is a bug in the check or an unexpected answer from the service; run with FLOE_DEBUG=1 and report it.',
    details: { failure: 'unexpected' },
  };
}
