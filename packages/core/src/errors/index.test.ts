import { describe, expect, it } from 'vitest';
import { configError, inputError, isFloeError, operationError } from './index.js';

describe('FloeError', () => {
  it('maps configuration and input errors to exit code 2 and operation errors to 1', () => {
    expect(configError('bad').exitCode).toBe(2);
    expect(inputError('bad').exitCode).toBe(2);
    expect(operationError('failed').exitCode).toBe(1);
  });

  it('keeps the hint and is recognised by isFloeError', () => {
    const error = configError('missing field', { hint: 'add it', file: 'floe.yaml' });
    expect(isFloeError(error)).toBe(true);
    expect(isFloeError(new Error('x'))).toBe(false);
    expect(error.hint).toBe('add it');
    expect(error.file).toBe('floe.yaml');
  });
});
