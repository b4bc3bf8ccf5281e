import type { CheckOutcome } from './contract.js';

/** The distinct ways a check can fail; each has its own message and remediation. */
export type FailureKind =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'tls'
  | 'reset'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'read-only'
  | 'bad-response'
  | 'unavailable'
  | 'local';

/** Thrown inside a check; the runner turns it into an error (or warning) result. */
export class CheckFailure extends Error {
  readonly kind: FailureKind;
  readonly remediation: string;
  readonly details: Record<string, unknown>;
  readonly status: 'error' | 'warning';

  constructor(
    kind: FailureKind,
    message: string,
    remediation: string,
    options: { details?: Record<string, unknown>; status?: 'error' | 'warning' } = {},
  ) {
    super(message);
    this.name = 'CheckFailure';
    this.kind = kind;
    this.remediation = remediation;
    this.details = options.details ?? {};
    this.status = options.status ?? 'error';
  }

  toOutcome(): CheckOutcome {
    return {
      status: this.status,
      message: this.message,
      remediation: this.remediation,
      details: { failure: this.kind, ...this.details },
    };
  }
}

export function isCheckFailure(value: unknown): value is CheckFailure {
  return value instanceof CheckFailure;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'EPROTO',
]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function innermostMessage(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    message = current.message || message;
    current = current.cause;
  }
  return message;
}

/** Where a network failure happened, for messages. */
export interface Endpoint {
  /** "host:port" or a URL. */
  address: string;
  /** What the user configured it as, e.g. `storage.lake.endpoint`. */
  field: string;
}

/**
 * Recognises DNS failures, refused connections, timeouts, TLS and reset errors from Node's network stack
 * (directly, or wrapped by fetch or a driver) and returns a CheckFailure with a specific remediation.
 * Anything else becomes `fallback`.
 */
export function classifyNetworkError(
  error: unknown,
  at: Endpoint,
  signal: AbortSignal,
  timeoutMs: number,
): CheckFailure | undefined {
  if (isCheckFailure(error)) return error;
  const code = errorCode(error);
  const name = error instanceof Error ? error.name : '';
  if (signal.aborted || name === 'AbortError' || name === 'TimeoutError' || code === 'ETIMEDOUT') {
    return timeoutFailure(at, timeoutMs);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') {
    return new CheckFailure(
      'dns',
      `cannot resolve the host of ${at.address} (DNS lookup failed)`,
      `Check the host name in ${at.field}. It must resolve from where floe runs ` +
        '(cluster-internal names such as *.svc.cluster.local resolve only inside Kubernetes).',
    );
  }
  if (code === 'ECONNREFUSED') {
    return new CheckFailure(
      'refused',
      `connection refused by ${at.address} (nothing listens on that port)`,
      `Start the service or correct the host/port in ${at.field}; a port-forward may have stopped.`,
    );
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new CheckFailure(
      'unavailable',
      `host of ${at.address} is unreachable (${code})`,
      `Check routing and firewalls between this machine and ${at.address} (${at.field}).`,
    );
  }
  if ((code && TLS_CODES.has(code)) || /certificate|ssl|tls/i.test(innermostMessage(error))) {
    return new CheckFailure(
      'tls',
      `TLS handshake with ${at.address} failed: ${innermostMessage(error)}`,
      'Make the server certificate trusted (NODE_EXTRA_CA_CERTS=/path/to/ca.pem for a private CA), ' +
        `check the host name matches the certificate, or use the right scheme in ${at.field} (http vs https).`,
      { details: { tls_code: code ?? null } },
    );
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
    return new CheckFailure(
      'reset',
      `${at.address} closed the connection unexpectedly`,
      `Check that ${at.field} points at the right service and protocol (a TLS port spoken to over plain text, a proxy).`,
    );
  }
  return undefined;
}

export function timeoutFailure(at: Endpoint, timeoutMs: number): CheckFailure {
  return new CheckFailure(
    'timeout',
    `no answer from ${at.address} within ${formatSeconds(timeoutMs)}`,
    `Check that the service at ${at.field} is up and that no firewall or network policy drops the traffic; ` +
      'raise --timeout if it is only slow.',
  );
}

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))}s`;
}

/** Classifies a network error, or wraps an unknown one as a generic failure. */
export function toFailure(
  error: unknown,
  at: Endpoint,
  signal: AbortSignal,
  timeoutMs: number,
  fallbackRemediation: string,
): CheckFailure {
  return (
    classifyNetworkError(error, at, signal, timeoutMs) ??
    new CheckFailure('bad-response', `${at.address}: ${innermostMessage(error)}`, fallbackRemediation)
  );
}
