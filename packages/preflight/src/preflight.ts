import { resolveSecret } from '@floe/core';
import type { CheckDefinition } from './contract.js';
import { loadPlatformFile } from './load-platform.js';
import { planChecks } from './planner.js';
import { createRedactor } from './redactor.js';
import type { CheckResult, PreflightReport, ServiceGroup } from './report.js';
import { runChecks } from './runner.js';

export interface PreflightOptions {
  platformFile: string;
  /** Project folder for relative paths (default: the folder above the platform file holding floe.yaml). */
  projectDir?: string;
  groups?: readonly ServiceGroup[];
  deep?: boolean;
  timeoutMs: number;
  /** Environment for secret references (default process.env). */
  env?: Record<string, string | undefined>;
  registry?: Partial<Record<string, CheckDefinition<never>>>;
  onResult?: (result: CheckResult) => void;
}

export interface PreflightRun {
  report: PreflightReport;
  /** Scrubs every resolved secret from text (apply to anything printed). */
  redact: (text: string) => string;
}

/**
 * Loads the platform file, resolves every secret reference the selected checks need (a missing one is a
 * configuration error, exit 2) and runs the checks.
 */
export async function runPreflight(options: PreflightOptions): Promise<PreflightRun> {
  const loaded = await loadPlatformFile(options.platformFile, options.projectDir);
  const checks = planChecks(loaded.platform, {
    ...(options.groups ? { groups: options.groups } : {}),
    ...(options.registry ? { registry: options.registry } : {}),
  });
  const secrets = new Map<string, string>();
  for (const ref of new Set(checks.flatMap((c) => c.secretRefs))) {
    secrets.set(ref, resolveSecret(ref, { baseDir: loaded.projectDir, ...(options.env ? { env: options.env } : {}) }));
  }
  const redact = createRedactor(secrets.values());
  // Client libraries load before the clocks start; a load that fails fails its check when it runs.
  await Promise.all(checks.map((c) => c.prepare?.().catch(() => undefined)));
  const report = await runChecks(checks, {
    timeoutMs: options.timeoutMs,
    deep: options.deep ?? false,
    projectDir: loaded.projectDir,
    platform: loaded.file,
    secrets,
    redact,
    ...(options.onResult ? { onResult: options.onResult } : {}),
  });
  return { report, redact };
}
