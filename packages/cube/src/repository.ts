import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { configError } from '@floe/core';

/** One data-model file as Cube's schema compiler expects it. */
export interface ModelFile {
  readonly fileName: string;
  readonly content: string;
}

const MODEL_FILE = /\.(ya?ml|js)$/;

/**
 * Cube's schema-file repository over an absolute model folder (Cube's own FileRepository resolves paths against the
 * current directory, which a library cannot rely on).
 */
export function modelRepository(modelDir: string): { localPath(): string; dataSchemaFiles(): Promise<ModelFile[]> } {
  const root = path.resolve(modelDir);
  return {
    localPath: () => root,
    async dataSchemaFiles() {
      const files: ModelFile[] = [];
      const walk = async (dir: string): Promise<void> => {
        const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch((error: unknown) => {
          throw configError(`cannot read the Cube model folder ${path.join(root, dir)}: ${String(error)}`, {
            hint: 'set consumption.cube.model in floe.yaml to a folder with Cube model files',
            cause: error,
          });
        });
        for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
          const relative = path.join(dir, entry.name);
          if (entry.isDirectory()) await walk(relative);
          else if (MODEL_FILE.test(entry.name)) {
            files.push({ fileName: relative, content: await readFile(path.join(root, relative), 'utf8') });
          }
        }
      };
      await walk('');
      return files;
    },
  };
}
