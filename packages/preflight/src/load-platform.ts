import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  ConfigValidationError,
  configError,
  type Diagnostic,
  detectLiteralSecrets,
  displayPath,
  FLOE_FILE,
  type PlatformConfig,
  parseYamlSource,
  platformSchema,
} from '@floe/core';

export interface LoadedPlatform {
  platform: PlatformConfig;
  /** Absolute path of the platform file. */
  file: string;
  /** Relative paths in the platform file resolve against this folder. */
  projectDir: string;
}

/**
 * Reads and validates a platform file on its own (preflight does not need floe.yaml). The project folder is
 * the given one, else the nearest folder above the file that holds floe.yaml, else the current folder.
 */
export async function loadPlatformFile(file: string, projectDir?: string): Promise<LoadedPlatform> {
  const absolute = resolve(file);
  const display = displayPath(absolute);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw configError(
      code === 'ENOENT' ? `platform file ${display} does not exist` : `cannot read platform file ${display} (${code})`,
      { file: absolute, hint: 'pass --platform FILE (for example demo/platform/local.yaml) or set FLOE_PLATFORM' },
    );
  }
  const source = parseYamlSource(text, display);
  if (source.errors.length > 0) throw new ConfigValidationError(source.errors);
  const diagnostics: Diagnostic[] = detectLiteralSecrets(source.value).map((finding) => ({
    file: display,
    ...source.locate(finding.path),
    path: finding.path.join('.'),
    message: `${finding.reason}; credentials must be references`,
    hint: 'use env:NAME, file:/path or secret:<k8s-secret>/<key>',
  }));
  const parsed = platformSchema.safeParse(source.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      diagnostics.push({ file: display, ...source.locate(path), path: path.join('.'), message: issue.message });
    }
  }
  if (diagnostics.length > 0 || !parsed.success) throw new ConfigValidationError(diagnostics);
  return {
    platform: parsed.data,
    file: absolute,
    projectDir: projectDir ? resolve(projectDir) : findProjectDir(absolute),
  };
}

function findProjectDir(file: string): string {
  let dir = dirname(file);
  for (;;) {
    if (existsSync(join(dir, FLOE_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}
