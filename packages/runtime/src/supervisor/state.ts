import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@floe/core';
import { z } from 'zod';

/** What a running `floe demo` tells other floe commands (floe trigger): .floe/demo.json in the project. */
export const demoStateSchema = z.object({
  pid: z.number().int(),
  dagster_url: z.string(),
  cube_url: z.string().nullable(),
  started_at: z.string(),
});
export type DemoState = z.infer<typeof demoStateSchema>;

export const demoStateFile = (projectDir: string) => join(projectDir, '.floe', 'demo.json');

export async function writeDemoState(projectDir: string, state: DemoState): Promise<void> {
  await writeFileAtomic(demoStateFile(projectDir), `${JSON.stringify(state, null, 2)}\n`);
}

export async function removeDemoState(projectDir: string): Promise<void> {
  await rm(demoStateFile(projectDir), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The state of a demo that is still running, else undefined (a stale file is ignored). */
export async function readDemoState(projectDir: string): Promise<DemoState | undefined> {
  try {
    const parsed = demoStateSchema.safeParse(JSON.parse(await readFile(demoStateFile(projectDir), 'utf8')));
    return parsed.success && alive(parsed.data.pid) ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
