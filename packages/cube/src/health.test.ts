import { describe, expect, it } from 'vitest';
import { withDeadline } from './health.js';

describe('withDeadline', () => {
  it('passes on the answer or the error of work that finishes in time', async () => {
    await expect(withDeadline(Promise.resolve(7), 1_000, 'the peer')).resolves.toBe(7);
    await expect(withDeadline(Promise.reject(new Error('refused')), 1_000, 'the peer')).rejects.toThrow('refused');
  });

  it('fails, naming what did not answer, when the work takes longer', async () => {
    const never = new Promise<never>(() => {});
    await expect(withDeadline(never, 50, 'the catalog')).rejects.toThrow('the catalog did not answer within 50 ms');
  });
});
