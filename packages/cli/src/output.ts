import { isFloeError, redact } from '@floe/core';

/** Where the CLI writes; tests pass their own. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
};

/** Prints a value as the single JSON document of a `--json` command. */
export function printJson(io: Io, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** Thrown by a command that has already printed its outcome and only needs to set the exit code. */
export class CommandExit extends Error {
  constructor(readonly exitCode: 1 | 2) {
    super(`exit ${exitCode}`);
    this.name = 'CommandExit';
  }
}

/** Turns any thrown value into a message and an exit code. User errors never show a stack trace. */
export function reportError(io: Io, error: unknown): 1 | 2 {
  if (error instanceof CommandExit) return error.exitCode;
  if (isFloeError(error)) {
    io.stderr(`error: ${redact(error.message)}\n`);
    if (error.hint) io.stderr(`  hint: ${redact(error.hint)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`error: ${redact(message)}\n`);
  if (process.env.FLOE_DEBUG && error instanceof Error && error.stack) io.stderr(`${redact(error.stack)}\n`);
  else io.stderr('  (set FLOE_DEBUG=1 to see the stack trace)\n');
  return 1;
}
