import { describe, expect, it } from 'vitest';
import { type CubeLogger, cubeLogAdapter, redactingLogger } from './logger.js';

function recorder(): CubeLogger & { warned: [string, Record<string, unknown> | undefined][] } {
  const warned: [string, Record<string, unknown> | undefined][] = [];
  return { warned, info() {}, error() {}, warn: (m, f) => warned.push([m, f]) };
}

describe('cubeLogAdapter', () => {
  it('drops secrets and security contexts from Cube events', () => {
    const logger = recorder();
    cubeLogAdapter(logger)('Invalid token', {
      token: 'abc.def.ghi',
      authorization: 'x',
      securityContext: {},
      error: 'bad',
    });
    expect(logger.warned).toEqual([['cube: Invalid token', { error: 'bad' }]]);
  });

  it('warns once per interval for a repeated error, and again after it', () => {
    const logger = recorder();
    let clock = 0;
    const log = cubeLogAdapter(logger, { repeatMs: 1000, now: () => clock });
    log('Refresh Scheduler Error', { error: 'table missing' });
    clock = 500;
    log('Refresh Scheduler Error', { error: 'table missing' });
    log('Refresh Scheduler Error', { error: 'another' });
    clock = 1600;
    log('Refresh Scheduler Error', { error: 'table missing' });
    expect(logger.warned.map(([, f]) => f?.error)).toEqual(['table missing', 'another', 'table missing']);
  });
});

describe('redactingLogger', () => {
  it('removes the connection secrets from messages and nested fields, and survives cycles and nulls', () => {
    const logger = recorder();
    const secret = 'tr1no-Passw0rd-value';
    const cyclic: Record<string, unknown> = { note: `auth ${secret}` };
    cyclic.self = cyclic;
    redactingLogger(logger, [secret]).warn(`failed with ${secret}`, {
      error: new Error(`Basic ${secret}`),
      nested: { list: [secret, 1, null], deeper: cyclic },
      none: null,
    });
    const [[message, fields]] = logger.warned as [[string, Record<string, unknown>]];
    expect(message).toBe('failed with ***');
    expect(fields.error).toBe('Error: Basic ***');
    expect(fields.none).toBeNull();
    expect((fields.nested as { list: unknown[] }).list).toEqual(['***', 1, null]);
    expect(JSON.stringify(fields, (k, v) => (k === 'self' ? undefined : v))).not.toContain(secret);
  });
});
