// A VOD ladder straight into S3 (or any S3-compatible store) with @ott/s3, then served from the bucket.
// Run: npx tsx examples/s3.ts <input.mp4> s3://<bucket>/<prefix> [--endpoint http://127.0.0.1:9000] [--serve]
// Credentials come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) as for any AWS SDK program.
// If S3 is unreachable for a while, the sink spools to out/s3-spool and uploads everything in order once it is back.
import { tap } from 'rxjs';
import { fromFile } from '@ott/ingest';
import { segmentCmaf, writeManifests } from '@ott/packager';
import { parseS3Url, startS3Origin, toS3 } from '@ott/s3';
import { parseLadderSpec, transcodeLadder } from '@ott/transcode';

const args = process.argv.slice(2);
const [input, location] = args;
if (input === undefined || location === undefined) throw new Error('usage: npx tsx examples/s3.ts <input.mp4> s3://bucket/prefix [--endpoint <url>] [--serve]');
const endpoint = args.includes('--endpoint') ? args[args.indexOf('--endpoint') + 1] : undefined;
const { bucket, prefix } = parseS3Url(location);
const client = endpoint === undefined ? {} : { endpoint }; // or an S3Client of your own

fromFile(input)
  .pipe(
    transcodeLadder(parseLadderSpec('360p,audio'), { preset: 'veryfast' }),
    segmentCmaf({ segmentDuration: 2 }),
    writeManifests({ formats: ['hls', 'dash'] }),
    toS3({ client, bucket, prefix, spool: { dir: 'out/s3-spool' } }), // segments first, manifests after them
    tap((event) => {
      if (event.type === 'manifest') console.log(`uploaded ${location.replace(/\/$/, '')}/${event.path}`);
      if (event.type === 'warning') console.warn(`warning ${event.code}: ${event.message}`);
    }),
  )
  .subscribe({
    error: (error: Error) => {
      console.error(`failed: ${error.message}`);
      process.exitCode = 1;
    },
    complete: async () => {
      // The origin for the bucket: what `ott serve s3://bucket/prefix --s3-endpoint <url>` runs.
      const origin = await startS3Origin({ client, bucket, prefix, port: 0 });
      const master = await fetch(`${origin.url}master.m3u8`);
      console.log(`served ${origin.url}master.m3u8 (${master.status} ${master.headers.get('content-type')})`);
      if (args.includes('--serve')) process.once('SIGINT', () => void origin.close());
      else await origin.close();
    },
  });
