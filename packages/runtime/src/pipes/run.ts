import { spawn } from 'node:child_process';
import { type PipesParams, PipesWriter } from './protocol.js';
import { matchAssetKey, tableResults } from './results.js';

/** What running one floe command produced. */
export interface FloeOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs floe with these arguments (`--json` included) and returns its exit code and output. */
export type FloeExecutor = (args: string[]) => Promise<FloeOutcome>;

export interface RunWithPipesOptions {
  /** Arguments for floe; `--json` is appended. */
  args: string[];
  params: PipesParams;
  /** How floe runs: in this process (the CLI's floe-pipes) or, by default, as `floe` on PATH. */
  execute?: FloeExecutor;
}

/** A FloeExecutor that starts a floe process (`command` e.g. ['node', '/…/floe.js']); its stderr passes through. */
export function spawnFloe(command: string[], cwd?: string): FloeExecutor {
  const [program, ...prefix] = command;
  if (!program) throw new Error('spawnFloe: empty floe command');
  return (args) =>
    new Promise((resolve) => {
      const child = spawn(program, [...prefix, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        process.stderr.write(chunk);
      });
      child.on('error', (error) => resolve({ code: 127, stdout, stderr: stderr + error.message }));
      child.on('close', (exit) => resolve({ code: exit ?? 1, stdout, stderr }));
    });
}

/**
 * Runs one floe command whose --json output lists tables, and reports each table as an asset materialization
 * (row counts, snapshot ids, timings become Dagster metadata). On failure the Pipes session is closed with floe's
 * own error message. Returns floe's exit code.
 */
export async function runWithPipes(options: RunWithPipesOptions): Promise<number> {
  const writer = new PipesWriter(options.params.messages);
  writer.opened();
  const execute = options.execute ?? spawnFloe(['floe']);
  const { code, stdout, stderr } = await execute([...options.args, '--json']);
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
