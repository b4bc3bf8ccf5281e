import { z } from 'zod';
import { IcebergError, type IcebergErrorKind } from '../../errors.js';

/** What a request was doing; decides how an HTTP status maps to an error kind. */
export type RestOperation =
  | 'config'
  | 'token'
  | 'namespace'
  | 'create-namespace'
  | 'drop-namespace'
  | 'table'
  | 'create-table'
  | 'rename-table'
  | 'register-table'
  | 'commit';

const errorModelSchema = z.object({
  error: z.object({
    message: z.string().default(''),
    type: z.string().default(''),
    code: z.number().optional(),
  }),
});

/** The Iceberg REST error model (`{"error": {message, type, code}}`), or undefined. */
export function parseErrorModel(body: unknown): { message: string; type: string } | undefined {
  const parsed = errorModelSchema.safeParse(body);
  return parsed.success ? { message: parsed.data.error.message, type: parsed.data.error.type } : undefined;
}

function kindFor(status: number, type: string, operation: RestOperation): IcebergErrorKind {
  if (operation === 'commit' && status >= 500) return 'CommitStateUnknown';
  switch (type) {
    case 'NoSuchTableException':
      return 'TableNotFound';
    case 'NoSuchNamespaceException':
      return 'NamespaceNotFound';
    case 'AlreadyExistsException':
      return 'AlreadyExists';
    case 'NamespaceNotEmptyException':
      return 'NamespaceNotEmpty';
    case 'CommitFailedException':
      return 'CommitConflict';
    case 'CommitStateUnknownException':
      return 'CommitStateUnknown';
  }
  switch (status) {
    case 400:
    case 422:
      return 'DataInvalid';
    case 401:
    case 419:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      if (operation === 'namespace' || operation === 'create-namespace' || operation === 'drop-namespace') {
        return 'NamespaceNotFound';
      }
      if (operation === 'create-table' || operation === 'register-table') return 'NamespaceNotFound';
      if (operation === 'table' || operation === 'commit' || operation === 'rename-table') return 'TableNotFound';
      return 'NotFound';
    case 406:
    case 501:
      return 'FeatureUnsupported';
    case 409:
      if (operation === 'commit') return 'CommitConflict';
      if (operation === 'drop-namespace') return 'NamespaceNotEmpty';
      return 'AlreadyExists';
    case 429:
    case 503:
      return 'ServiceUnavailable';
  }
  return status >= 500 ? 'ServiceUnavailable' : 'Unexpected';
}

/** Maps an HTTP error response of the catalog to an IcebergError. */
export function restError(
  status: number,
  body: unknown,
  operation: RestOperation,
  context: Record<string, string | undefined>,
): IcebergError {
  const model = parseErrorModel(body);
  const type = model?.type ?? '';
  const kind = kindFor(status, type, operation);
  const serverMessage = (model?.message ?? '').split('\n')[0]?.trim() ?? '';
  const what =
    kind === 'CommitStateUnknown'
      ? `the catalog answered HTTP ${status} to a commit; the commit may or may not have been applied`
      : `REST catalog request failed with HTTP ${status}`;
  const message = serverMessage ? `${what}: ${serverMessage}` : what;
  return new IcebergError(kind, message, {
    context: { ...context, operation, status, ...(type ? { type } : {}) },
    // 5xx on a commit: never retry blindly. Throttling / unavailability: retry with backoff.
    retryable: kind === 'CommitConflict' || kind === 'ServiceUnavailable',
  });
}

/** A request that got no HTTP answer (connection refused, DNS, TLS, timeout). */
export function transportError(
  error: unknown,
  operation: RestOperation,
  context: Record<string, string | undefined>,
): IcebergError {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  const timedOut = err.name === 'TimeoutError' || err.name === 'AbortError';
  const reason = timedOut ? 'timed out' : (err.cause?.code ?? err.cause?.message ?? err.message);
  if (operation === 'commit') {
    return new IcebergError(
      'CommitStateUnknown',
      `commit request to the REST catalog ${timedOut ? 'timed out' : `failed (${reason})`}; the commit may or may not have been applied`,
      { context: { ...context, operation }, retryable: false, cause: error },
    );
  }
  return new IcebergError('ServiceUnavailable', `cannot reach the REST catalog: ${reason}`, {
    context: { ...context, operation },
    retryable: true,
    cause: error,
  });
}
