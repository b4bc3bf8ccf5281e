import { describe, expect, it } from 'vitest';
import { type CubeLogger, cubeLogAdapter } from './logger.js';

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
