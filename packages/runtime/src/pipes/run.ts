import { spawn } from 'node:child_process';
import { type PipesParams, PipesWriter } from './protocol.js';
import { matchAssetKey, tableResults } from './results.js';

export interface RunWithPipesOptions {
  /** The floe command line, e.g. ['node', '/…/floe.js']. */
  floe: string[];
  /** Arguments for floe; `--json` is appended. */
  args: string[];
  params: PipesParams;
  cwd?: string;
}

/**
 * Runs one floe command whose --json output lists tables, and reports each table as an asset materialization
 * (row counts, snapshot ids, timings become Dagster metadata). floe's stderr passes through; on failure the
 * Pipes session is closed with floe's own error message. Returns floe's exit code.
 */
export async function runWithPipes(options: RunWithPipesOptions): Promise<number> {
  const writer = new PipesWriter(options.params.messages);
  writer.opened();
  const [command, ...prefix] = options.floe;
  if (!command) throw new Error('runWithPipes: empty floe command');
  const child = spawn(command, [...prefix, ...options.args, '--json'], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    process.stderr.write(chunk);
  });
  const code = await new Promise<number>((resolve) => {
    child.on('error', (error) => {
      stderr += error.message;
      resolve(127);
    });
    child.on('close', (exit) => resolve(exit ?? 1));
  });
  if (code !== 0) {
    const message = stderr.split('\n').find((line) => line.startsWith('error:')) ?? stderr.trim();
    writer.closed({ message: message || `floe ${options.args.join(' ')} exited ${code}` });
    return code;
  }
  let document: unknown;
  try {
    document = JSON.parse(stdout);
  } catch {
    writer.closed({ message: `floe ${options.args.join(' ')} printed no JSON document` });
    return 1;
  }
  const assetKeys = options.params.context.asset_keys ?? [];
  const reported = new Set<string>();
  for (const result of tableResults(document)) {
    const key = matchAssetKey(result.table, assetKeys);
    if (!key || reported.has(key)) continue;
    reported.add(key);
    const version = result.metadata.snapshot_id;
    writer.materialization(
      key,
      result.metadata,
      version === undefined || version === null ? undefined : String(version),
    );
  }
  for (const key of assetKeys) {
    if (reported.has(key)) continue;
    writer.log(`floe printed no result for ${key}; reporting it materialized without metadata`, 'WARNING');
    writer.materialization(key, {});
  }
  writer.closed();
  return 0;
}
