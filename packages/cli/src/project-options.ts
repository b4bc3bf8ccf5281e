import { type LoadedProject, loadProject } from '@floe/core';
import type { Command } from 'commander';

/** Options every command that works on a project accepts. */
export interface ProjectOptions {
  /** `--project DIR` (wins over the positional directory). */
  project?: string;
  /** `--platform FILE` (else $FLOE_PLATFORM, else platform/local.yaml). */
  platform?: string;
  json?: boolean;
}

/**
 * Adds the positional `[dir]` plus `--project DIR`, `--platform FILE` and `--json` to a command.
 * In the action, pass the positional and the options to `loadProjectFromOptions`:
 *
 *   addProjectOptions(program.command('thing').description('...'))
 *     .action(async (dir: string | undefined, opts: ProjectOptions) => {
 *       const loaded = await loadProjectFromOptions({ ...opts, dir });
 *     });
 */
export function addProjectOptions(cmd: Command): Command {
  return cmd
    .argument('[dir]', 'project directory (holds floe.yaml); default the current directory')
    .option('-p, --project <dir>', 'project directory (same as the positional [dir])')
    .option('--platform <file>', 'platform file (default $FLOE_PLATFORM, else platform/local.yaml in the project)')
    .option('--json', 'print machine-readable JSON');
}

/** The project directory chosen by `--project`, the positional `[dir]`, or the current directory. */
export function projectDirFromOptions(opts: ProjectOptions & { dir?: string | undefined }): string {
  return opts.project ?? opts.dir ?? '.';
}

/** Loads (validating and compiling on the fly when `.floe/` is missing or stale) the project the options name. */
export async function loadProjectFromOptions(
  opts: ProjectOptions & { dir?: string | undefined; write?: boolean; noCache?: boolean },
): Promise<LoadedProject> {
  return loadProject({
    projectDir: projectDirFromOptions(opts),
    ...(opts.platform ? { platformFile: opts.platform } : {}),
    ...(opts.write ? { write: true } : {}),
    ...(opts.noCache ? { noCache: true } : {}),
  });
}
