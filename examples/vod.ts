// The VOD pipeline as code: file → ABR ladder (one ffmpeg process) → CMAF segments → HLS + DASH → a folder.
// Run: npx tsx examples/vod.ts <input.mp4> [out/vod]
import { fromFile } from '@ott/ingest';
import { defaultLadder, transcodeLadder } from '@ott/transcode';
import { segmentCmaf, toFolder, writeManifests } from '@ott/packager';

const [input = 'out/demo-source.mp4', output = 'out/vod'] = process.argv.slice(2);

fromFile(input)
  .pipe(
    transcodeLadder(defaultLadder, { preset: 'veryfast' }),
    segmentCmaf({ segmentDuration: 4 }),
    writeManifests({ formats: ['hls', 'dash'] }),
    toFolder(output),
  )
  .subscribe({
    next: (event) => {
      if (event.type === 'progress') process.stderr.write(`\r${event.percent.toFixed(0)}%`);
      if (event.type === 'manifest') console.log(`\nwrote ${output}/${event.path}`);
    },
    error: (error: Error) => {
      console.error(`\nfailed: ${error.message}`);
      process.exitCode = 1;
    },
  });
