import { readMp4File, segmentCmaf, writeManifests } from '@ott/packager';
import { toS3 } from '@ott/s3';

readMp4File('input.mp4')
  .pipe(segmentCmaf({ segmentDuration: 4 }), writeManifests(), toS3({ client: { endpoint: 'http://127.0.0.1:9000' }, bucket: 'media', prefix: 'vod' }))
  .subscribe({ error: (error: Error) => console.error(error.message) });
