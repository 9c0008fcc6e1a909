/** Error codes of `@ott/player`. */
export type PlayerErrorCode =
  | 'MANIFEST_LOAD_FAILED'
  | 'MANIFEST_PARSE_FAILED'
  | 'MANIFEST_UNSUPPORTED'
  | 'SEGMENT_LOAD_FAILED'
  | 'SEGMENT_CORRUPT'
  | 'UNSUPPORTED_CONTAINER'
  | 'MSE_UNSUPPORTED'
  | 'MSE_APPEND_FAILED'
  | 'MEDIA_ERROR'
  | 'DRM_FAILED'
  | 'KEY_LOAD_FAILED'
  | 'DECRYPT_FAILED';

/** Role of the player that raised an error. */
export type PlayerErrorStage = 'manifest' | 'loader' | 'mse' | 'eme' | 'media' | 'controller';

/**
 * The player's error: same shape as `@ott/core`'s `OttError` (`code`, `stage`, `fatal`, `details`) without
 * importing Node-side code into the browser bundle. `fatal: true` means playback stopped; otherwise the player
 * recovered (retried, switched level, skipped a segment).
 */
export class PlayerError extends Error {
  override readonly name = 'PlayerError';
  readonly code: PlayerErrorCode;
  readonly stage: PlayerErrorStage;
  readonly fatal: boolean;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: PlayerErrorCode,
    message: string,
    options: { stage: PlayerErrorStage; fatal?: boolean; cause?: unknown; details?: Readonly<Record<string, unknown>> },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.stage = options.stage;
    this.fatal = options.fatal ?? true;
    this.details = options.details ?? {};
  }

  /** A plain object for logs and beacons. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, stage: this.stage, fatal: this.fatal, message: this.message, details: this.details };
  }
}
