import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../validate/diagnostics.js';
import { parseYamlSource } from '../validate/yaml-source.js';
import { displayPath } from './files.js';
import { type LoadedProject, resolvePath } from './load.js';

const isDirectory = (path: string) => existsSync(path) && statSync(path).isDirectory();

/**
 * The folders floe.yaml points at that must exist for the pipeline to run: the dbt project (with its
 * dbt_project.yml) and the Cube model folder. `floe validate` reports each missing one at its field.
 */
export async function projectFolderDiagnostics(loaded: LoadedProject): Promise<Diagnostic[]> {
  const source = parseYamlSource(await readFile(loaded.floeFile, 'utf8'), displayPath(loaded.floeFile));
  const diagnostics: Diagnostic[] = [];
  const at = (path: string[], message: string, hint: string) =>
    diagnostics.push({ file: source.file, ...source.locate(path), path: path.join('.'), message, hint });

  const dbt = loaded.artifacts.transforms.dbt;
  if (dbt) {
    const dir = resolvePath(loaded, dbt.project);
    if (!existsSync(join(dir, 'dbt_project.yml')))
      at(
        ['transforms', 'dbt', 'project'],
        `no dbt project at ${displayPath(dir)} (dbt_project.yml not found)`,
        'point transforms.dbt.project at the folder holding dbt_project.yml, or create one (`floe init` writes a starter)',
      );
  }
  const cube = loaded.artifacts.consumption.cube;
  if (cube) {
    const dir = resolvePath(loaded, cube.model);
    if (!isDirectory(dir))
      at(
        ['consumption', 'cube', 'model'],
        `no Cube model folder at ${displayPath(dir)}`,
        'point consumption.cube.model at the folder of your cube YAML files, or remove consumption.cube',
      );
  }
  return diagnostics;
}
