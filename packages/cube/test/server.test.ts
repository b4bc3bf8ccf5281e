import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { isFloeError } from '@floe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cubeLoad } from '../src/client.js';
import type { CubeLogger } from '../src/logger.js';
import { detectCubeNative } from '../src/native.js';
import { startCube } from '../src/server.js';

const MODEL = `cubes:
  - name: numbers
    sql: SELECT i AS n FROM range(1, 11) t(i)
    measures:
      - name: total
        type: sum
        sql: n
    dimensions:
      - name: n
        sql: n
        type: number
        primary_key: true
`;

function recordingLogger(): CubeLogger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string) => lines.push(`${level} ${message}`);
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

describe('startCube', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'floe-cube-server-'));
    await mkdir(path.join(dir, 'model'));
    await writeFile(path.join(dir, 'model', 'numbers.yml'), MODEL);
    await mkdir(path.join(dir, 'broken'));
    await writeFile(path.join(dir, 'broken', 'bad.yml'), MODEL.replace('type: sum', 'type: summ'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('in compatibility mode, says so in the log as a degraded mode and still answers /load', async () => {
    const logger = recordingLogger();
    const cube = await startCube({ modelDir: 'model', projectDir: dir, port: 0, mode: 'compat', logger });
    try {
      expect(cube.mode).toBe('compat');
      expect(logger.lines.some((l) => l.startsWith('warn') && l.includes('degraded mode'))).toBe(true);
      const result = await cubeLoad(cube.url, { measures: ['numbers.total'] }, cube.token);
      expect(Number(result.data[0]!['numbers.total'])).toBe(55);
    } finally {
      await cube.stop();
    }
  });

  it("refuses mode 'native' when the native module does not load", async () => {
    if (detectCubeNative().available) return;
    const error = await startCube({ modelDir: 'model', projectDir: dir, port: 0, mode: 'native' }).catch((e) => e);
    expect(isFloeError(error) && error.kind).toBe('config');
    expect(String(error.message)).toMatch(/native module/);
  });

  it('names the port when it is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await startCube({ modelDir: 'model', projectDir: dir, port }).catch((e) => e);
      expect(isFloeError(error) && error.kind).toBe('operation');
      expect(String(error.message)).toContain(`port ${port}`);
    } finally {
      blocker.close();
    }
  });

  it('fails at start, naming the model folder, when the model does not compile', async () => {
    const error = await startCube({ modelDir: 'broken', projectDir: dir, port: 0 }).catch((e) => e);
    expect(isFloeError(error) && error.kind).toBe('config');
    expect(String(error.message)).toContain(path.join(dir, 'broken'));
    expect(String(error.message)).toMatch(/summ/);
  });
});
