import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import type { Io } from './output.js';

function captureIo(): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, isTTY: false, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
}

describe('floe main', () => {
  it('prints the version and exits 0', async () => {
    const io = captureIo();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.out.join('')).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 on an unknown option', async () => {
    const io = captureIo();
    expect(await main(['--no-such-option'], io)).toBe(2);
    expect(io.err.join('')).toContain('unknown option');
  });
});

describe('reportError', () => {
  it('prints a FloeError without a stack trace and scrubs resolved secret values', async () => {
    const { configError, resolveSecret, clearSecrets } = await import('@floe/core');
    const { reportError } = await import('./output.js');
    resolveSecret('env:TEST_SECRET', { env: { TEST_SECRET: 'very-secret-value' } });
    const io = captureIo();
    expect(reportError(io, configError('login with very-secret-value failed', { hint: 'check it' }))).toBe(2);
    expect(io.err.join('')).toBe('error: login with *** failed\n  hint: check it\n');
    clearSecrets();
  });
});
