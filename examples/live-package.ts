// Package a stream as live LL-HLS + LL-DASH with @ott/packager, as `ott live` does for each publisher: the live
// transcoder (one ffmpeg) makes CMAF fragments, packageLive turns them into parts, segments, playlists and an MPD,
// toFolder writes them, recordLive keeps a single-MP4 recording. When the input ends the folder becomes VOD. Here
// the "publisher" is an MPEG-TS file.
// Run: npx tsx examples/live-package.ts input.ts [out/live]      (make one: ffmpeg -i input.mp4 -c copy input.ts)
// Watch it while it runs: npx ott serve out/live, then open http://127.0.0.1:8080/master.m3u8 in a player.
import { createReadStream } from 'node:fs';
import { of } from 'rxjs';
import type { LiveInput } from '@ott/core';
import { packageLive, recordLive, toFolder } from '@ott/packager';
import { parseLadderSpec, transcodeLive } from '@ott/transcode';

const [input, out = 'out/live'] = process.argv.slice(2);
if (input === undefined) throw new Error('usage: npx tsx examples/live-package.ts input.ts [out/live]');

const publisher: LiveInput = {
  type: 'live-input',
  streamKey: 'demo',
  protocol: 'file',
  session: 1,
  startedAt: Date.now(),
  format: 'mpegts',
  data: createReadStream(input),
};

of(publisher)
  .pipe(
    transcodeLive(parseLadderSpec('360p,audio'), { segmentSeconds: 2, partSeconds: 0.5 }),
    recordLive({ path: `${out}.mp4` }), // before packageLive, which consumes the fragments
    packageLive({ segmentDuration: 2, partTarget: 0.5, dvrWindowSeconds: 60 }),
    toFolder(out, { live: true }), // a failure keeps what viewers may be watching
  )
  .subscribe({
    next: (event) => {
      if (event.type === 'segment') console.log(`segment ${event.path} (${event.durationSeconds.toFixed(2)} s)`);
      if (event.type === 'warning') console.warn(`warning ${event.code}: ${event.message}`);
    },
    complete: () => console.log(`done: ${out}/master.m3u8 and ${out}/manifest.mpd now play as VOD; recording ${out}.mp4`),
  });
