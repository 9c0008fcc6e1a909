/** Node socket and DNS error codes that mean "the service is not reachable right now". */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** S3 error names that are temporary by definition. */
const RETRYABLE_NAMES = new Set(['RequestTimeout', 'RequestTimeoutException', 'SlowDown', 'ServiceUnavailable', 'InternalError', 'Throttling', 'ThrottlingException', 'TimeoutError', 'AbortError']);

interface ErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly cause?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/**
 * Whether an S3 call failed because the service is unreachable or overloaded (network errors, timeouts, HTTP 5xx,
 * 408, 429, throttling), which the sink rides out by spooling, rather than because the request is wrong (403
 * access denied, 404 no such bucket, 400), which no amount of waiting fixes.
 */
export function isRetryableS3Error(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const shape = error as ErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  if (typeof status === 'number') return status >= 500 || status === 408 || status === 429;
  if (typeof shape.name === 'string' && RETRYABLE_NAMES.has(shape.name)) return true;
  if (typeof shape.code === 'string' && NETWORK_CODES.has(shape.code)) return true;
  if (shape.cause !== undefined && shape.cause !== error) return isRetryableS3Error(shape.cause);
  // No HTTP answer at all (the SDK wraps socket failures without a status): the service was not reached.
  return shape.$metadata !== undefined;
}

/** A short description of an S3 failure for messages: `ECONNREFUSED`, `NoSuchBucket (HTTP 404)`, … */
export function describeS3Error(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const shape = error as ErrorShape & { readonly message?: unknown };
  const status = shape.$metadata?.httpStatusCode;
  const name = typeof shape.code === 'string' ? shape.code : typeof shape.name === 'string' ? shape.name : 'Error';
  const message = typeof shape.message === 'string' && shape.message !== '' && shape.message !== name ? `: ${shape.message}` : '';
  return `${name}${status === undefined ? '' : ` (HTTP ${status})`}${message}`;
}
