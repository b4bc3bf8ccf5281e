import { describe, expect, it } from 'vitest';
import { generateApiSecret, signCubeToken, verifyCubeToken } from './jwt.js';

describe('Cube API tokens', () => {
  const secret = generateApiSecret();

  it('verifies what it signs and returns the claims', () => {
    const token = signCubeToken(secret, { user: 'demo' });
    expect(verifyCubeToken(secret, token)).toMatchObject({ user: 'demo' });
  });

  it('rejects another secret, a tampered payload, an expired token and alg none', () => {
    const token = signCubeToken(secret, { user: 'demo' });
    expect(verifyCubeToken(generateApiSecret(), token)).toBeNull();
    const [head, , sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ user: 'admin' })).toString('base64url');
    expect(verifyCubeToken(secret, `${head}.${forged}.${sig}`)).toBeNull();
    const expired = signCubeToken(secret, {}, { now: new Date(Date.now() - 3 * 24 * 3600 * 1000) });
    expect(verifyCubeToken(secret, expired)).toBeNull();
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`;
    expect(verifyCubeToken(secret, none)).toBeNull();
  });

  it('generates distinct 256-bit secrets', () => {
    const a = generateApiSecret();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(generateApiSecret()).not.toBe(a);
  });
});
