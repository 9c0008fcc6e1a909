import { OttError, isOttError } from '@ott/core';
import type { CleanupReport } from './OutputLedger.js';

/**
 * The error a sink reports after undoing a failed run: the original code, stage and message, plus how many files
 * were removed, with the removed paths in `details.cleanedUp` and the original error as `cause`. An upstream error
 * that left nothing to remove is returned unchanged.
 */
export function withCleanup(error: unknown, report: CleanupReport, ownError: boolean): unknown {
  const removed = report.files.length;
  if (!ownError && removed === 0 && report.folders.length === 0) return error;
  const cleanedUp = [...report.files, ...report.folders];
  const suffix =
    ` (removed ${removed} partial output file${removed === 1 ? '' : 's'}` +
    (report.folders.length > 0 ? ` and ${report.folders.length} created folder(s)` : '') +
    ')';
  if (isOttError(error)) {
    return new OttError(error.code, `${error.message}${suffix}`, {
      stage: error.stage,
      fatal: error.fatal,
      cause: ownError ? error.cause : error,
      details: { ...error.details, cleanedUp },
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new OttError('INTERNAL', `The pipeline failed before the output was complete: ${reason}${suffix}`, {
    stage: 'storage',
    cause: error,
    details: { cleanedUp },
  });
}
