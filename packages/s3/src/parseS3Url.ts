// The S3 location contract lives in @ott/core (the CLI and the farm read s3:// URLs without loading @ott/s3).
export { parseS3Url } from '@ott/core';
export type { S3Location } from '@ott/core';
