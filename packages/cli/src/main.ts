import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { type CommandEntry, commands } from './commands/index.js';
import { type Io, processIo, reportError } from './output.js';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The command an argument list runs (`floe help <cmd>` counts as <cmd>), if it names one. */
export function selectCommand(argv: readonly string[]): CommandEntry | undefined {
  const positional = argv.filter((arg) => !arg.startsWith('-'));
  const name = positional[0] === 'help' ? positional[1] : positional[0];
  return commands.find((entry) => entry.name === name);
}

/**
 * Builds the program. Only the modules of the commands in `load` are imported ('all' imports every one); the others
 * are listed by name and description so `floe --help` stays fast.
 */
export async function buildProgram(io: Io = processIo, load: 'all' | readonly string[] = []): Promise<Command> {
  const program = new Command('floe')
    .description('floe: declare a data pipeline and its platform, run it locally, deploy it to Kubernetes')
    .version(packageJson.version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  for (const entry of commands) {
    if (load === 'all' || load.includes(entry.name)) (await entry.load()).register(program, io);
    else program.command(entry.name).description(entry.description);
  }
  return program;
}

/** Exit codes: 0 ok, 1 the operation failed, 2 bad input or configuration. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const selected = selectCommand(argv);
    const program = await buildProgram(io, selected ? [selected.name] : []);
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      return 2;
    }
    return reportError(io, error);
  }
}
