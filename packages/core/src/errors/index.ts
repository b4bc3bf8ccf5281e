/**
 * Errors a user can act on. The CLI prints `message` (and `hint` when present) without a stack trace
 * and exits with `exitCode`: 2 for bad input or configuration, 1 for a failed operation.
 */
export type FloeErrorKind = 'config' | 'input' | 'operation';

export interface FloeErrorOptions {
  hint?: string;
  file?: string;
  cause?: unknown;
}

export class FloeError extends Error {
  readonly kind: FloeErrorKind;
  readonly hint: string | undefined;
  readonly file: string | undefined;

  constructor(kind: FloeErrorKind, message: string, options: FloeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FloeError';
    this.kind = kind;
    this.hint = options.hint;
    this.file = options.file;
  }

  get exitCode(): 1 | 2 {
    return this.kind === 'operation' ? 1 : 2;
  }
}

export const configError = (message: string, options?: FloeErrorOptions) => new FloeError('config', message, options);
export const inputError = (message: string, options?: FloeErrorOptions) => new FloeError('input', message, options);
export const operationError = (message: string, options?: FloeErrorOptions) =>
  new FloeError('operation', message, options);

export function isFloeError(value: unknown): value is FloeError {
  return value instanceof FloeError;
}
