import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Which Cube packages a fresh Node process has loaded after running `body` (ESM, floe sources through tsx). */
function cubeModulesLoadedAfter(body: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    ${body}
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes('@cubejs-backend'));
    console.log(JSON.stringify(loaded));
  `;
  const out = execFileSync(
    process.execPath,
    ['--conditions=floe-source', '--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: PACKAGE_DIR, encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop() ?? '[]') as string[];
}

describe('@floe/cube loads Cube only when Cube starts', () => {
  it('importing the package (as generate, publish and trigger do) loads no Cube package', () => {
    expect(cubeModulesLoadedAfter(`await import('@floe/cube');`)).toEqual([]);
  });

  it('reaching for the server loads Cube (the check above can fail)', () => {
    const loaded = cubeModulesLoadedAfter(`await import('./src/server.ts');`);
    expect(loaded.some((f) => f.includes('server-core'))).toBe(true);
  });
});
