import { IcebergError, type IcebergErrorKind } from '../errors.js';

/** Replaces every given credential value in a text with `***` (values shorter than 4 characters are ignored). */
export function redactor(values: ReadonlyArray<string | undefined>): (text: string) => string {
  const secrets = values.filter((v): v is string => v !== undefined && v.length >= 4);
  return (text) => secrets.reduce((t, s) => t.split(s).join('***'), text);
}

/** The HTTP status of an SDK error (AWS `$metadata`, Google/Azure `code`/`statusCode`). */
export function statusOf(error: unknown): number | undefined {
  const e = error as { $metadata?: { httpStatusCode?: number }; statusCode?: number; code?: number | string };
  return e.$metadata?.httpStatusCode ?? e.statusCode ?? (typeof e.code === 'number' ? e.code : undefined);
}

function kindOf(status: number | undefined, name: string): IcebergErrorKind {
  if (status === 404 || /NoSuchKey|\bNotFound|BlobNotFound|ContainerNotFound/.test(name)) return 'NotFound';
  if (status === 401) return 'Unauthorized';
  if (status === 403) return 'Forbidden';
  if (status === 429 || (status !== undefined && status >= 500)) return 'ServiceUnavailable';
  if (
    /SlowDown|Throttl|ECONNRESET|ETIMEDOUT|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EPIPE|TimeoutError|socket hang up/i.test(
      name,
    )
  )
    return 'ServiceUnavailable';
  return 'Unexpected';
}

/**
 * One IcebergError for a failed object-store call: the operation, the location, the error code and HTTP status,
 * and the server's message with every configured credential value removed.
 */
export function objectStoreError(
  op: string,
  location: string,
  error: unknown,
  redact: (text: string) => string,
): IcebergError {
  const status = statusOf(error);
  const e = error as { name?: string; code?: string | number; message?: string };
  const name = String((typeof e.code === 'string' ? e.code : undefined) ?? e.name ?? 'Error');
  const kind = kindOf(status, `${name} ${e.message ?? ''}`);
  const detail = redact(String(e.message ?? ''))
    .split('\n')[0]!
    .slice(0, 300);
  const what = kind === 'NotFound' ? `file not found: ${location}` : `cannot ${op} ${location}`;
  return new IcebergError(
    kind,
    `${what}: ${name}${status ? ` (HTTP ${status})` : ''}${detail && detail !== name ? `: ${detail}` : ''}`,
    { context: { location, ...(status ? { status } : {}) } },
  );
}

/** `exists` through `size`: true when the object answers, false on NotFound, any other failure thrown. */
export async function existsBySize(
  io: { size(location: string): Promise<number> },
  location: string,
): Promise<boolean> {
  try {
    await io.size(location);
    return true;
  } catch (error) {
    if (error instanceof IcebergError && error.kind === 'NotFound') return false;
    throw error;
  }
}
