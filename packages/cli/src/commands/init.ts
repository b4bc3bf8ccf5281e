import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  displayPath,
  FLOE_FILE,
  inputError,
  OUTPUT_DIR,
  renderJsonSchema,
  SCHEMA_FILES,
  writeFileAtomic,
} from '@floe/core';
import type { Command } from 'commander';
import { dbtProjectName, initFiles } from '../init/templates.js';
import { type Io, printJson, processIo } from '../output.js';

interface InitOptions {
  name?: string;
  force?: boolean;
  json?: boolean;
}

const NAME = /^[a-z][a-z0-9_-]{0,62}$/;

/** `floe init <dir>`: scaffolds a working project (floe.yaml, platform/local.yaml, an empty dbt project). */
export function register(program: Command, io: Io = processIo): void {
  program
    .command('init')
    .description('create a new floe project: floe.yaml, platform/local.yaml and an empty dbt project')
    .argument('<dir>', 'directory to create the project in (created if missing)')
    .option('--name <name>', 'pipeline name (default: the directory name)')
    .option('--force', 'overwrite existing files')
    .option('--json', 'print machine-readable JSON')
    .action(async (dir: string, opts: InitOptions) => {
      const projectDir = resolve(dir);
      const name = opts.name ?? defaultName(projectDir);
      if (!NAME.test(name)) {
        throw inputError(`"${name}" is not a valid pipeline name`, {
          hint: 'use lower-case letters, digits, "_" and "-", starting with a letter (pass --name)',
        });
      }
      if (!opts.force && existsSync(join(projectDir, FLOE_FILE))) {
        throw inputError(`${displayPath(join(projectDir, FLOE_FILE))} already exists`, {
          hint: 'choose an empty directory, or pass --force to overwrite the scaffold files',
        });
      }
      const files: Record<string, string> = { ...initFiles({ name }) };
      for (const doc of ['floe', 'platform'] as const) {
        files[`${OUTPUT_DIR}/schemas/${SCHEMA_FILES[doc]}`] = renderJsonSchema(doc);
      }
      const written: string[] = [];
      for (const [relative, content] of Object.entries(files)) {
        await writeFileAtomic(join(projectDir, relative), content);
        written.push(relative);
      }
      if (opts.json) {
        printJson(io, {
          project_dir: displayPath(projectDir),
          name,
          dbt_project: dbtProjectName(name),
          files: written,
        });
        return;
      }
      io.stdout(`created floe project "${name}" in ${displayPath(projectDir)}\n`);
      for (const file of written.filter((f) => !f.startsWith(OUTPUT_DIR) && !f.endsWith('.gitkeep'))) {
        io.stdout(`  ${file}\n`);
      }
      io.stdout(`next: floe validate ${dir} && floe compile ${dir}\n`);
    });
}

function defaultName(projectDir: string): string {
  const base = basename(projectDir)
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z]+/, '');
  return base === '' ? 'pipeline' : base.slice(0, 63);
}
