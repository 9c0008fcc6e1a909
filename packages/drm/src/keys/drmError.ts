import { OttError } from '@ott/core';
import type { DrmErrorCode } from '@ott/core';

/** An {@link OttError} of the `drm` stage. Callers must never put key material in `message` or `details`. */
export function drmError(code: DrmErrorCode, message: string, details?: Readonly<Record<string, unknown>>, cause?: unknown): OttError {
  return new OttError(code, message, {
    stage: 'drm',
    ...(details === undefined ? {} : { details }),
    ...(cause === undefined ? {} : { cause }),
  });
}
