import { z } from 'zod';
import { pipesParamsFromEnv } from './protocol.js';
import { runWithPipes } from './run.js';

const commandSchema = z.array(z.string().min(1)).min(1);

/** The floe command line the wrapper runs: $FLOE_COMMAND (a JSON array) or `floe` on PATH. */
export function floeCommandFromEnv(env: Record<string, string | undefined> = process.env): string[] {
  const raw = env.FLOE_COMMAND;
  if (!raw) return ['floe'];
  return commandSchema.parse(JSON.parse(raw));
}

/** Entry point of `floe-pipes <floe arguments…>` (bin/floe-pipes.js). */
export async function pipesMain(argv: string[]): Promise<number> {
  const params = pipesParamsFromEnv();
  if (!params) {
    process.stderr.write('error: floe-pipes must be started by Dagster Pipes (DAGSTER_PIPES_CONTEXT is not set)\n');
    return 2;
  }
  return runWithPipes({ floe: floeCommandFromEnv(), args: argv, params });
}
