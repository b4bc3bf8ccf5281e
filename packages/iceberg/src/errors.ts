/**
 * The one error type of @floe/iceberg. Backends add helper constructors, never new classes.
 * `retryable` tells the commit loop (and callers) whether repeating the same operation may succeed.
 */
export type IcebergErrorKind =
  | 'DataInvalid'
  | 'TableNotFound'
  | 'NamespaceNotFound'
  | 'NamespaceNotEmpty'
  | 'AlreadyExists'
  | 'CommitConflict'
  | 'CommitStateUnknown'
  | 'FeatureUnsupported'
  | 'Unauthorized'
  | 'Forbidden'
  | 'ServiceUnavailable'
  | 'NotFound'
  | 'Unexpected';

const RETRYABLE_BY_DEFAULT: ReadonlySet<IcebergErrorKind> = new Set(['CommitConflict', 'ServiceUnavailable']);

export interface IcebergErrorOptions {
  context?: Record<string, string | number | bigint | boolean | undefined>;
  retryable?: boolean;
  cause?: unknown;
}

export class IcebergError extends Error {
  readonly kind: IcebergErrorKind;
  readonly retryable: boolean;
  readonly context: Readonly<Record<string, string>>;

  constructor(kind: IcebergErrorKind, message: string, options: IcebergErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IcebergError';
    this.kind = kind;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(kind);
    const context: Record<string, string> = {};
    for (const [key, value] of Object.entries(options.context ?? {})) {
      if (value !== undefined) context[key] = String(value);
    }
    this.context = Object.freeze(context);
  }

  /** One line: the message followed by the context as key=value pairs. */
  override toString(): string {
    const pairs = Object.entries(this.context).map(([k, v]) => `${k}=${v}`);
    return pairs.length === 0 ? `${this.kind}: ${this.message}` : `${this.kind}: ${this.message} (${pairs.join(', ')})`;
  }
}

export function isIcebergError(value: unknown, kind?: IcebergErrorKind): value is IcebergError {
  return value instanceof IcebergError && (kind === undefined || value.kind === kind);
}

export const dataInvalid = (message: string, context?: IcebergErrorOptions['context'], cause?: unknown) =>
  new IcebergError('DataInvalid', message, { context, cause });
export const featureUnsupported = (message: string, context?: IcebergErrorOptions['context']) =>
  new IcebergError('FeatureUnsupported', message, { context });
export const commitConflict = (message: string, context?: IcebergErrorOptions['context']) =>
  new IcebergError('CommitConflict', message, { context });
export const tableNotFound = (table: string) =>
  new IcebergError('TableNotFound', `table ${table} does not exist`, { context: { table } });
export const namespaceNotFound = (namespace: string) =>
  new IcebergError('NamespaceNotFound', `namespace ${namespace} does not exist`, { context: { namespace } });
export const alreadyExists = (what: 'table' | 'namespace', name: string) =>
  new IcebergError('AlreadyExists', `${what} ${name} already exists`, { context: { [what]: name } });
