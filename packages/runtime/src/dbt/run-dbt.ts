import { spawn } from 'node:child_process';
import { DUCKDB_EXTENSIONS_ENV, operationError } from '@floe/core';
import { duckdbExtensionDirectory } from '@floe/iceberg';
import { findTool } from '../tools.js';

export interface RunDbtOptions {
  /** dbt arguments, e.g. ['build'] or ['parse']. */
  args: string[];
  projectDir: string;
  profilesDir: string;
  profile?: string;
  target?: string;
  /** Absolute floe project directory (FLOE_PROJECT_DIR, used by the generated profiles.yml). */
  floeProjectDir: string;
  /** Extra environment (resolved secrets for env_var() lookups). */
  env?: Record<string, string>;
  /** Receives dbt's output lines as they come. */
  onLine?: (line: string) => void;
}

export interface DbtRunResult {
  exitCode: number;
  output: string;
}

/** Runs the dbt of the Python environment; resolves with its exit code and output (never throws on dbt failure). */
export async function runDbt(options: RunDbtOptions): Promise<DbtRunResult> {
  const extensions = process.env[DUCKDB_EXTENSIONS_ENV] ?? duckdbExtensionDirectory();
  const dbt = findTool('dbt');
  const args = [...options.args, '--project-dir', options.projectDir, '--profiles-dir', options.profilesDir];
  if (options.profile) args.push('--profile', options.profile);
  if (options.target) args.push('--target', options.target);
  const child = spawn(dbt, args, {
    cwd: options.projectDir,
    env: {
      ...process.env,
      ...options.env,
      FLOE_PROJECT_DIR: options.floeProjectDir,
      ...(extensions ? { [DUCKDB_EXTENSIONS_ENV]: extensions } : {}),
      DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
      DO_NOT_TRACK: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let pending = '';
  const onData = (chunk: string) => {
    output += chunk;
    if (!options.onLine) return;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) options.onLine(line);
  };
  child.stdout.setEncoding('utf8').on('data', onData);
  child.stderr.setEncoding('utf8').on('data', onData);
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  if (pending && options.onLine) options.onLine(pending);
  return { exitCode, output };
}

/** Runs dbt and throws an operation error with dbt's summary when it fails. */
export async function runDbtOrThrow(options: RunDbtOptions): Promise<DbtRunResult> {
  const result = await runDbt(options);
  if (result.exitCode !== 0) {
    const errors = result.output
      .split('\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: dbt colours its output with ANSI escapes
      .map((line) => line.replace(/\u001b\[[0-9;]*m/g, ''))
      .filter((line) => /(ERROR|FAIL|Error|Done\.)/.test(line))
      .slice(-12)
      .join('\n');
    throw operationError(
      `dbt ${options.args.join(' ')} failed (exit ${result.exitCode}) in ${options.projectDir}\n${errors}`,
      {
        hint: 'run the same dbt command with FLOE_DEBUG=1 or read target/run_results.json for details',
      },
    );
  }
  return result;
}
