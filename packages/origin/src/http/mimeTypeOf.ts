// Media types are shared with @ott/s3 (uploads set Content-Type): they live in @ott/core.
export { DEFAULT_MIME_TYPES, mimeTypeOf } from '@ott/core';
export type { FileKind, MimeEntry } from '@ott/core';
