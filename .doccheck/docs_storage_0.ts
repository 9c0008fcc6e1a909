import { fromFile } from '@ott/ingest';
import { segmentCmaf, writeManifests } from '@ott/packager';
import { parseS3Url, startS3Origin, toS3 } from '@ott/s3';
import { parseLadderSpec, transcodeLadder } from '@ott/transcode';

const { bucket, prefix } = parseS3Url(location);
const client = endpoint === undefined ? {} : { endpoint }; // or an S3Client of your own

fromFile(input).pipe(
  transcodeLadder(parseLadderSpec('360p,audio'), { preset: 'veryfast' }),
  segmentCmaf({ segmentDuration: 2 }),
  writeManifests({ formats: ['hls', 'dash'] }),
  toS3({ client, bucket, prefix, spool: { dir: 'out/s3-spool' } }), // segments first, manifests after them
).subscribe({ error: (error: Error) => console.error(error.message) });
