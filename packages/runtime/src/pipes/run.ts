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
  /** How floe runs (the CLI's floe-pipes runs it in its own process). */
  execute: FloeExecutor;
}

/**
 * Runs one floe command whose --json output lists tables, and reports each table as an asset materialization
 * (row counts, snapshot ids, timings become Dagster metadata). On failure the Pipes session is closed with floe's
 * own error message. Returns floe's exit code.
 */
export async function runWithPipes(options: RunWithPipesOptions): Promise<number> {
  const writer = new PipesWriter(options.params.messages);
  writer.opened();
  const { code, stdout, stderr } = await options.execute([...options.args, '--json']);
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
