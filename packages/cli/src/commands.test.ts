import { describe, expect, it } from 'vitest';
import { commands } from './commands/index.js';
import { buildProgram, main, selectCommand } from './main.js';
import type { Io } from './output.js';

function captureIo(): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, isTTY: false, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
}

const names = commands.map((c) => c.name);

describe('the command registry', () => {
  it('includes the foundation commands, in alphabetical order', () => {
    expect(names).toEqual(expect.arrayContaining(['compile', 'init', 'schema', 'validate']));
    expect(names).toEqual([...names].sort());
  });

  it('lists every command in --help without loading any module', async () => {
    const io = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    for (const entry of commands) expect(io.out.join('')).toContain(entry.name);
  });

  it('selects the command to load from the arguments', () => {
    expect(selectCommand(['--json', 'validate', 'demo'])?.name).toBe('validate');
    expect(selectCommand(['help', 'compile'])?.name).toBe('compile');
    expect(selectCommand(['--version'])).toBeUndefined();
  });

  it.each(commands)('$name: its module registers it under the listed name and description', async (entry) => {
    const program = await buildProgram(captureIo(), [entry.name]);
    const command = program.commands.find((c) => c.name() === entry.name);
    expect(command?.description()).toBe(entry.description);
  });
});

describe('every registered command', () => {
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
