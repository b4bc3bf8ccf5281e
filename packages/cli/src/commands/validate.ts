import {
  type Diagnostic,
  displayPath,
  FLOE_FILE,
  formatDiagnostic,
  isConfigValidationError,
  isFloeError,
  loadProject,
  projectFolderDiagnostics,
} from '@floe/core';
import type { Command } from 'commander';
import { CommandExit, type Io, printJson, processIo } from '../output.js';
import { addProjectOptions, type ProjectOptions, projectDirFromOptions } from '../project-options.js';

/** `floe validate [dir]`: exit 0 when floe.yaml and the platform file are valid, else 2 with every problem. */
export function register(program: Command, io: Io = processIo): void {
  addProjectOptions(
    program
      .command('validate')
      .description('check floe.yaml and the platform file; print every problem as FILE:LINE:COL  field  message'),
  ).action(async (dir: string | undefined, opts: ProjectOptions) => {
    const projectDir = projectDirFromOptions({ ...opts, dir });
    let diagnostics: readonly Diagnostic[] = [];
    let summary: Record<string, unknown> = {};
    try {
      const loaded = await loadProject({
        projectDir,
        noCache: true,
        ...(opts.platform ? { platformFile: opts.platform } : {}),
      });
      summary = {
        floe_file: displayPath(loaded.floeFile),
        platform_file: displayPath(loaded.platformFile),
        pipeline: loaded.artifacts.project.name,
        platform: loaded.artifacts.platform.name,
        environment: loaded.artifacts.platform.environment,
      };
      // The configuration is valid; the folders it names must also exist for the pipeline to run.
      diagnostics = await projectFolderDiagnostics(loaded);
    } catch (error) {
      if (isConfigValidationError(error)) diagnostics = error.diagnostics;
      else if (opts.json && isFloeError(error) && error.kind !== 'operation') {
        // A missing or unreadable file: still one JSON document for machine readers.
        const file = error.file ? displayPath(error.file) : '';
        diagnostics = [
          { file, line: 0, col: 0, path: '', message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
        ];
      } else throw error;
    }
    if (opts.json) {
      printJson(io, { valid: diagnostics.length === 0, ...summary, problems: diagnostics });
    } else if (diagnostics.length === 0) {
      io.stdout(`valid: ${summary.floe_file} with ${summary.platform_file} (pipeline ${summary.pipeline})\n`);
    } else {
      for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
      const count = diagnostics.length;
      io.stderr(
        `${count} problem${count === 1 ? '' : 's'} in ${displayPath(`${projectDir}/${FLOE_FILE}`)} or its platform file\n`,
      );
    }
    if (diagnostics.length > 0) throw new CommandExit(2);
  });
}
