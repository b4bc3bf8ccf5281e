import { spawn } from 'node:child_process';
import type { LoadedProject } from '@floe/core';
import { operationError } from '@floe/core';
import { prepareDagsterHome } from '../supervisor/dagster-home.js';
import { codeLocationArgs, dagsterEnvironment } from '../supervisor/environment.js';
import { findTool } from '../tools.js';

export interface InProcessOptions {
  job: string;
  cubeUrl?: string;
  cubeHeaders?: Record<string, string>;
  tags?: Record<string, string>;
  onLine?: (line: string) => void;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: Dagster colours its log lines
const ANSI = /\u001b\[[0-9;]*m/g;

/** Lines of Dagster's output that explain a failure (floe's own error lines first). */
export function failureLines(output: string): string[] {
  const lines = output.split('\n').map((line) => line.replace(ANSI, '').trim());
  const floe = lines.filter((line) => /error: |failed \(exit \d+\)/.test(line));
  const dagster = lines.filter((line) => /STEP_FAILURE|RUN_FAILURE|dagster\._core\.errors|Failure:/.test(line));
  return [...new Set([...floe, ...dagster])].slice(0, 12);
}

/** Runs a job in this machine's Dagster without a webserver (`dagster job execute`), recorded in the project's instance. */
export async function executeJobInProcess(loaded: LoadedProject, options: InProcessOptions): Promise<void> {
  const dagster = findTool('dagster');
  const dagsterHome = await prepareDagsterHome(loaded);
  const env = dagsterEnvironment(loaded, {
    dagsterHome,
    ...(options.cubeUrl ? { cubeUrl: options.cubeUrl } : {}),
    ...(options.cubeHeaders ? { cubeHeaders: options.cubeHeaders } : {}),
  });
  const args = ['job', 'execute', ...codeLocationArgs(), '-j', options.job];
  if (options.tags) args.push('--tags', JSON.stringify(options.tags));
  const child = spawn(dagster, args, { cwd: loaded.projectDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const onData = (chunk: string) => {
    output += chunk;
    if (options.onLine) for (const line of chunk.split('\n')) if (line) options.onLine(line.replace(ANSI, ''));
  };
  child.stdout.setEncoding('utf8').on('data', onData);
  child.stderr.setEncoding('utf8').on('data', onData);
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exit) => resolve(exit ?? 1));
  });
  if (code !== 0) {
    const reasons = failureLines(output);
    const retries = (output.match(/STEP_UP_FOR_RETRY/g) ?? []).length;
    const retried = retries > 0 ? ` after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : '';
    throw operationError(`Dagster job ${options.job} failed${retried}\n${reasons.join('\n') || output.slice(-2000)}`, {
      hint: 'the run is recorded in the Dagster instance (.floe/dagster); start `floe demo` to inspect it in the UI',
    });
  }
}
