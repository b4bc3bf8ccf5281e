import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, readFile, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { CheckDefinition } from '../contract.js';
import { CheckFailure } from '../failure.js';
import type { LocalStorageProfile } from '../profiles.js';

/** Below this much free space the check warns. */
export const LOW_FREE_BYTES = 1024 ** 3;

export const localStorageCheck: CheckDefinition<LocalStorageProfile> = {
  id: 'storage.local',
  group: 'storage',
  secretRefs: () => [],
  async run(profile, ctx) {
    const folder = isAbsolute(profile.path) ? profile.path : resolve(ctx.projectDir, profile.path);
    const existing = await nearestExisting(folder);
    const info = await stat(existing);
    if (!info.isDirectory()) {
      throw new CheckFailure(
        'local',
        `${existing} is a file, not a folder`,
        'Point the storage path at a folder (or remove the file in the way).',
        { details: { path: folder } },
      );
    }
    try {
      await access(existing, constants.W_OK);
    } catch {
      throw new CheckFailure(
        'read-only',
        `folder ${existing} is not writable by this user`,
        `Fix the permissions (chown/chmod) of ${existing} or choose another storage path.`,
        { details: { path: folder } },
      );
    }
    const probe = resolve(existing, `.floe-preflight-${randomUUID()}`);
    const payload = `floe preflight ${new Date().toISOString()}`;
    try {
      await writeFile(probe, payload, { signal: ctx.signal });
      const back = await readFile(probe, { encoding: 'utf8', signal: ctx.signal });
      if (back !== payload)
        throw new CheckFailure(
          'local',
          `probe file ${probe} read back differently`,
          'Check the filesystem for corruption.',
        );
    } catch (error) {
      if (error instanceof CheckFailure) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
      throw new CheckFailure(
        code === 'EROFS' || code === 'EACCES' || code === 'EPERM' ? 'read-only' : 'local',
        `cannot write a probe file in ${existing} (${code})`,
        `Make ${existing} writable for this user, or choose another storage path.`,
        { details: { path: folder } },
      );
    } finally {
      await rm(probe, { force: true });
    }
    const fs = await statfs(existing);
    const free = fs.bavail * fs.bsize;
    const created = existing === folder ? '' : ` (missing; floe creates it under ${existing})`;
    const details = { path: folder, free_bytes: free, exists: existing === folder };
    if (free < LOW_FREE_BYTES) {
      return {
        status: 'warning',
        message: `folder writable${created}, but only ${formatBytes(free)} free`,
        remediation: `Free space on the filesystem of ${existing} or move the warehouse; tables need room to grow.`,
        details,
      };
    }
    return { status: 'ok', message: `write/read/delete ok${created}; ${formatBytes(free)} free`, details };
  },
};

async function nearestExisting(path: string): Promise<string> {
  let current = path;
  for (;;) {
    try {
      await stat(current);
      return current;
    } catch {
      const parent = dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
