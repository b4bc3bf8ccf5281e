import { describe, expect, it } from 'vitest';
import { PACKAGE } from './index.js';

describe('@floe/core', () => {
  it('names itself', () => {
    expect(PACKAGE).toBe('@floe/core');
  });
});
