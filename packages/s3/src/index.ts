// @ott/s3: S3 storage for @ott pipelines.
export {};
