import type { OttErrorCode, Stage } from './codes.js';

/** Options of {@link OttError}. */
export interface OttErrorOptions {
  /** Pipeline stage that failed. */
  readonly stage: Stage;
  /** `true` when the pipeline cannot go on (default `true`). */
  readonly fatal?: boolean;
  /** The underlying error, if any. */
  readonly cause?: unknown;
  /** Structured context (never secrets such as keys). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * The one error class of the SDK. Messages say what was expected, what was received and what to do.
 *
 * @example
 * ```ts
 * try {
 *   await probe('missing.mp4');
 * } catch (e) {
 *   if (isOttError(e) && e.code === 'INPUT_NOT_FOUND') console.error(`${e.code}: ${e.message}`);
 * }
 * ```
 */
export class OttError extends Error {
  override readonly name = 'OttError';
  readonly code: OttErrorCode;
  readonly stage: Stage;
  readonly fatal: boolean;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: OttErrorCode, message: string, options: OttErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.stage = options.stage;
    this.fatal = options.fatal ?? true;
    this.details = options.details ?? {};
  }

  /** A plain object for JSON logs (`--json`). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, stage: this.stage, fatal: this.fatal, message: this.message, details: this.details };
  }
}

/** Type guard for {@link OttError}, also across duplicated package copies. */
export function isOttError(value: unknown): value is OttError {
  return value instanceof OttError || (value instanceof Error && value.name === 'OttError' && 'code' in value);
}
