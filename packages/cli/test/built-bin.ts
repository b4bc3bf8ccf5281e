import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../../..');
export const binPath = join(repoRoot, 'packages/cli/bin/floe.js');

function newestMtime(dir: string, filter: (name: string) => boolean): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path, filter));
    else if (filter(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure each package's dist/ is at least as new as its sources (`make test` builds first; a direct
 * `vitest run` after editing sources rebuilds here). Builds in workspace order and tolerates type errors in
 * packages under construction (tsc still emits). FLOE_SKIP_BUILD=1 skips the check.
 */
export function ensureBuilt(): void {
  if (process.env.FLOE_SKIP_BUILD === '1') return;
  // Test files run in parallel processes: one builds while the others wait, then they see fresh output.
  const lock = join(tmpdir(), `floe-build-${createHash('sha256').update(repoRoot).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than ten minutes was left by a killed run.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 600_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock} (remove it if no build is running)`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    buildStale();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function buildStale(): void {
  const rootPackage = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] };
  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  for (const workspace of rootPackage.workspaces) {
    const dir = join(repoRoot, workspace);
    const src = newestMtime(join(dir, 'src'), (n) => n.endsWith('.ts') && !n.endsWith('.test.ts'));
    const dist = newestMtime(join(dir, 'dist'), (n) => n.endsWith('.js'));
    if (src > dist && existsSync(join(dir, 'tsconfig.build.json'))) {
      spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'ignore' });
    }
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `floe` binary. */
export function floe(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): RunResult {
  const result = spawnSync(process.execPath, [binPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, FLOE_PLATFORM: '', ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
