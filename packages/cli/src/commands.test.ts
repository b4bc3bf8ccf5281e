import { describe, expect, it } from 'vitest';
import { buildProgram, main } from './main.js';
import type { Io } from './output.js';

function captureIo(): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, isTTY: false, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
}

const names = buildProgram(captureIo())
  .commands.map((c) => c.name())
  .sort();

describe('every registered command', () => {
  it('includes the foundation commands', () => {
    expect(names).toEqual(expect.arrayContaining(['compile', 'init', 'schema', 'validate']));
  });

  it.each(names)('%s --help prints usage and exits 0', async (name) => {
    const io = captureIo();
    expect(await main([name, '--help'], io)).toBe(0);
    expect(io.out.join('')).toContain(`Usage: floe ${name}`);
  });

  it.each(names)('%s rejects an unknown option with exit 2', async (name) => {
    const io = captureIo();
    expect(await main([name, '--no-such-option-xyz'], io)).toBe(2);
    expect(io.err.join('')).toContain('unknown option');
  });
});
