/** Error codes of the ISO-BMFF reader/writer (`@ott/core`). */
export type IsobmffErrorCode =
  | 'ISOBMFF_TRUNCATED'
  | 'ISOBMFF_INVALID_BOX'
  | 'ISOBMFF_UNSUPPORTED'
  | 'ISOBMFF_TOO_LARGE';

/** Error codes of `@ott/ingest`. */
export type IngestErrorCode =
  | 'INPUT_NOT_FOUND'
  | 'INPUT_EMPTY'
  | 'INPUT_NOT_MEDIA'
  | 'INPUT_TRUNCATED'
  | 'INPUT_NO_STREAMS'
  | 'INPUT_UNREADABLE'
  | 'PROBE_FAILED'
  | 'INGEST_LISTEN_FAILED'
  | 'INGEST_REFUSED'
  | 'INGEST_PROTOCOL'
  | 'INGEST_CONNECT_FAILED'
  | 'INGEST_INVALID_STREAM_KEY'
  | 'INGEST_UNAVAILABLE';

/** Error codes of `@ott/transcode`. */
export type TranscodeErrorCode =
  | 'FFMPEG_NOT_FOUND'
  | 'FFMPEG_FAILED'
  | 'INVALID_LADDER'
  | 'UNSUPPORTED_CODEC'
  | 'QUEUE_UNAVAILABLE'
  | 'QUEUE_JOB_FAILED'
  | 'QUEUE_INVALID_JOB';

/** Error codes of `@ott/packager` (segmenter, manifests, storage sink). */
export type PackagerErrorCode =
  | 'PACKAGE_INVALID_INPUT'
  | 'PACKAGE_NO_KEYFRAME'
  | 'PACKAGE_FAILED'
  | 'SUBTITLE_INVALID'
  | 'STORAGE_WRITE_FAILED'
  | 'STORAGE_FULL'
  | 'STORAGE_OUTPUT_EXISTS'
  | 'STORAGE_OUTPUT_NOT_A_FOLDER'
  | 'LIVE_INVALID_OPTIONS';

/** Error codes of `@ott/drm` (encryption, decryption, CPIX, key sources). Messages never contain key material. */
export type DrmErrorCode =
  | 'DRM_INVALID_KEY'
  | 'DRM_KEY_NOT_FOUND'
  | 'DRM_UNSUPPORTED'
  | 'DRM_DECRYPT_FAILED'
  | 'DRM_BACKEND_NOT_FOUND'
  | 'DRM_BACKEND_FAILED'
  | 'CPIX_INVALID'
  | 'CPIX_UNSAFE_XML'
  | 'CPIX_BAD_MAC'
  | 'CPIX_BAD_SIGNATURE'
  | 'CPIX_WEAK_CERTIFICATE'
  | 'CPIX_REQUEST_FAILED';

/** Error codes of `@ott/origin` (the HTTP origin that serves an output folder). */
export type OriginErrorCode = 'ORIGIN_ROOT_INVALID' | 'ORIGIN_LISTEN_FAILED' | 'ORIGIN_ACCESS_INVALID';

/** Error codes of the webhooks client (`createWebhooks`, `@ott/core`). */
export type WebhookErrorCode = 'WEBHOOK_INVALID_OPTIONS' | 'WEBHOOK_FAILED';

/** Error codes of `@ott/s3` (the S3 sink, its spool folder, the S3 origin). */
export type S3ErrorCode = 'S3_INVALID_OPTIONS' | 'S3_UPLOAD_FAILED' | 'S3_SPOOL_FAILED' | 'S3_SPOOL_NOT_DRAINED';

/** Error codes of the `ott` command line. */
export type CliErrorCode = 'CLI_USAGE' | 'CLI_SETUP';

/** Every code an {@link OttError} can carry. */
export type OttErrorCode =
  | IsobmffErrorCode
  | IngestErrorCode
  | TranscodeErrorCode
  | PackagerErrorCode
  | DrmErrorCode
  | OriginErrorCode
  | S3ErrorCode
  | WebhookErrorCode
  | CliErrorCode
  | 'INTERNAL';

/** Pipeline stage that raised an error or event. */
export type Stage = 'core' | 'ingest' | 'transcode' | 'packager' | 'drm' | 'storage' | 'origin' | 'cli';

/**
 * Codes of `warning` events: something went wrong and the run goes on (a refused connection, a retried upload, a
 * dropped session). Any error code may be reported as a warning when its failure was recovered from (an ffmpeg that
 * failed and was restarted); these are the codes only warnings carry. Listed with their meaning in docs/errors.md.
 */
export type WarningCode =
  | OttErrorCode
  // transcode
  | 'LIVE_SESSION_FAILED'
  | 'LIVE_SESSION_ENDED_WITH_ERROR'
  | 'QUEUE_TASK_FAILED'
  | 'QUEUE_EMPTY_CHUNK'
  | 'QUEUE_CHUNK_DRIFT'
  // packager
  | 'PACKAGE_LEADING_NON_SYNC'
  | 'PACKAGE_LIVE_MISALIGNED'
  | 'PACKAGE_EMPTY_RENDITION'
  | 'PACKAGE_TIMELINE_GAP'
  | 'PACKAGE_LONG_SEGMENT'
  | 'PACKAGE_DASH_UNSUPPORTED_PROTECTION'
  | 'SUBTITLE_CUE_SKIPPED'
  | 'SUBTITLE_CUES_REORDERED'
  | 'SUBTITLE_ENCODING'
  | 'SUBTITLE_STREAM_SKIPPED'
  // drm
  | 'DRM_BACKEND_WARNING'
  // storage
  | 'S3_SPOOL_RECOVERED'
  | 'S3_SPOOL_PARTS_DROPPED'
  | 'S3_SPOOL_FULL'
  | 'S3_RECOVERED'
  | 'S3_OUTAGE'
  // origin
  | 'ORIGIN_INTERNAL'
  | 'ORIGIN_SEGMENT_INCOMPLETE';
