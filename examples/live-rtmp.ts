// Live from RTMP (OBS, ffmpeg) to LL-HLS + LL-DASH, served by @ott/origin, in a few lines.
// Run:     npx tsx examples/live-rtmp.ts [out/live] [1935] [8080]
// Publish: ffmpeg -re -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine -c:v libx264 -preset veryfast \
//            -tune zerolatency -g 60 -c:a aac -f flv rtmp://127.0.0.1:1935/live/cam1
// Watch:   http://127.0.0.1:8080/cam1/master.m3u8 (hls.js, Safari) or http://127.0.0.1:8080/cam1/manifest.mpd
// Ctrl-C ends every stream: its playlists get EXT-X-ENDLIST and the MPD turns static (the folder is the VOD replay).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRtmpServer } from '@ott/ingest';
import { startOrigin } from '@ott/origin';
import { packageLive, toFolder } from '@ott/packager';
import { parseLadderSpec, transcodeLive } from '@ott/transcode';

const [out = 'out/live', rtmpPort = '1935', httpPort = '8080'] = process.argv.slice(2);
const root = resolve(out);
mkdirSync(root, { recursive: true });

const ladder = parseLadderSpec(process.env.LADDER ?? '720p@2500k,360p@800k,audio@96k');
const rtmp = await createRtmpServer({ port: Number(rtmpPort), graceMs: 10_000 });
const origin = await startOrigin({ root, port: Number(httpPort) });
console.log(`publish to ${rtmp.url}/live/<stream key>; watch ${origin.url}<stream key>/master.m3u8`);

const running: Promise<void>[] = [];
rtmp.streams.subscribe((stream) => {
  running.push(
    new Promise<void>((done) => {
      stream.items
        .pipe(
          transcodeLive(ladder, { segmentSeconds: 2, partSeconds: 0.5, preset: process.env.PRESET ?? 'superfast' }),
          packageLive({ segmentDuration: 2, ll: true, partTarget: 0.5 }),
          toFolder(join(root, stream.streamKey), { live: true }),
        )
        .subscribe({
          next: (event) => {
            if (event.type === 'publisher' || event.type === 'warning') console.log(JSON.stringify(event));
            if (event.type === 'manifest' && event.path === 'master.m3u8') console.log(`live: ${origin.url}${stream.streamKey}/master.m3u8`);
          },
          error: (error: unknown) => (console.error(`${stream.streamKey}: ${String(error)}`), done()),
          complete: () => (console.log(`${stream.streamKey}: ended, now VOD`), done()),
        });
    }),
  );
});

const stop = async (): Promise<void> => {
  await rtmp.close(); // ends every stream now; the packagers write the VOD playlists
  await Promise.all(running);
  await origin.close();
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
