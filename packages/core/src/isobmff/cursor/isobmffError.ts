import { OttError } from '../../errors/OttError.js';
import type { IsobmffErrorCode } from '../../errors/codes.js';

/** Builds the {@link OttError} every ISO-BMFF reader and writer throws (stage `core`). */
export function isobmffError(
  code: IsobmffErrorCode,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): OttError {
  return new OttError(code, message, details === undefined ? { stage: 'core' } : { stage: 'core', details });
}
