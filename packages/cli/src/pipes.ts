import { type FloeExecutor, pipesParamsFromEnv, runWithPipes } from '@floe/runtime';
import { main } from './main.js';

/** Runs a floe command in this process, keeping its stdout (the --json document) and passing its stderr through. */
const inProcess: FloeExecutor = async (args) => {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
      process.stderr.write(text);
    },
    isTTY: false,
  });
  return { code, stdout, stderr };
};

/**
 * Entry point of `floe-pipes <floe arguments…>` (bin/floe-pipes.js), which Dagster starts through Pipes: the floe
 * command runs here, in the same Node process (no second start-up), and its tables become asset materializations.
 */
export async function pipesMain(argv: string[]): Promise<number> {
  const params = pipesParamsFromEnv();
  if (!params) {
    process.stderr.write('error: floe-pipes must be started by Dagster Pipes (DAGSTER_PIPES_CONTEXT is not set)\n');
    return 2;
  }
  return runWithPipes({ args: argv, params, execute: inProcess });
}
