import { inputError } from '@floe/core';
import type { ServiceGroup } from '@floe/preflight';
import type { Command } from 'commander';
import { type Io, processIo } from '../output.js';

interface PreflightCliOptions {
  platform?: string;
  project?: string;
  checkCompute?: boolean;
  checkStorage?: boolean;
  checkCatalog?: boolean;
  checkPostgres?: boolean;
  checkServices?: boolean;
  all?: boolean;
  deep?: boolean;
  timeout: string;
  json?: boolean;
}

const ALL_GROUPS: readonly ServiceGroup[] = ['compute', 'storage', 'catalog', 'postgres', 'services'];

/** Without a selector every group but services runs (services are only up once deployed). */
const DEFAULT_GROUPS: readonly ServiceGroup[] = ['compute', 'storage', 'catalog', 'postgres'];

export function register(program: Command, io: Io = processIo): void {
  program
    .command('preflight')
    .description(
      "check that the platform's services are reachable and usable (exit 0 all pass, 1 any fails, 2 bad config)",
    )
    .option('--platform <file>', 'platform file (default $FLOE_PLATFORM, else platform/local.yaml)')
    .option(
      '-p, --project <dir>',
      'project folder for relative paths (default: the folder above the platform file with floe.yaml)',
    )
    .option('--check-compute', 'check compute engines (DuckDB, Trino, Snowflake, BigQuery, PostgreSQL)')
    .option('--check-storage', 'check object storage (local, S3, GCS, ADLS): write, read and delete a probe object')
    .option('--check-catalog', 'check Iceberg catalogs (SQL, REST/Polaris with OAuth2)')
    .option('--check-postgres', "check Dagster's PostgreSQL metadata database")
    .option('--check-services', 'check running services (Cube, Dagster, OTLP, OpenLineage)')
    .option('--all', 'run every check, services included')
    .option('--deep', 'also create and drop scratch objects (a table in a scratch namespace)')
    .option('--timeout <seconds>', 'time limit of each check', '10')
    .option('--json', 'print the report as JSON (floe schema preflight-report)')
    .action(async (opts: PreflightCliOptions) => {
      const timeout = Number(opts.timeout);
      if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 3600) {
        throw inputError(`--timeout must be a number of seconds between 0 and 3600, got "${opts.timeout}"`);
      }
      const selected = ALL_GROUPS.filter(
        (g) => opts[`check${g[0]!.toUpperCase()}${g.slice(1)}` as keyof PreflightCliOptions],
      );
      const groups = opts.all ? ALL_GROUPS : selected.length > 0 ? selected : DEFAULT_GROUPS;
      const platformFile = opts.platform ?? process.env.FLOE_PLATFORM ?? 'platform/local.yaml';
      // Loaded on use: the checks pull in DuckDB, SQLite and PostgreSQL drivers.
      const { renderJson, renderTable, runPreflight } = await import('@floe/preflight');
      if (io.isTTY && !opts.json) io.stderr(`floe preflight: checking ${groups.join(', ')} (timeout ${timeout}s)…\n`);
      const { report, redact } = await runPreflight({
        platformFile,
        ...(opts.project ? { projectDir: opts.project } : {}),
        groups,
        deep: opts.deep ?? false,
        timeoutMs: Math.round(timeout * 1000),
      });
      const text = opts.json
        ? renderJson(report)
        : renderTable(report, {
            colour: io.isTTY && !process.env.NO_COLOR,
            width: io.isTTY ? process.stdout.columns : undefined,
          });
      io.stdout(redact(text));
      process.exitCode = report.status === 'error' ? 1 : 0;
    });
}
