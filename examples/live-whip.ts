// Live from a browser (WHIP, RFC 9725) to LL-HLS + LL-DASH, served by @ott/origin.
// Run:     npx tsx examples/live-whip.ts [out/live] [8443] [8080]
// Publish: POST an SDP offer to http://127.0.0.1:8443/whip/<stream key> (OBS 30+: Service "WHIP"; a browser page: see
//          examples/whip-ingest.ts for a minimal one), or any WHIP client. ICE stays on loopback unless WHIP_HOST=0.0.0.0.
// Watch:   http://127.0.0.1:8080/<stream key>/master.m3u8 or .../manifest.mpd. Ctrl-C (or the publisher's DELETE plus the
//          grace period) ends a stream: the folder becomes the VOD replay.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createWhipServer } from '@ott/ingest';
import { startOrigin } from '@ott/origin';
import { packageLive, toFolder } from '@ott/packager';
import { parseLadderSpec, transcodeLive } from '@ott/transcode';

const [out = 'out/live', whipPort = '8443', httpPort = '8080'] = process.argv.slice(2);
const root = resolve(out);
mkdirSync(root, { recursive: true });

const ladder = parseLadderSpec(process.env.LADDER ?? '720p@2500k,360p@800k,audio@96k');
const whip = await createWhipServer({ port: Number(whipPort), host: process.env.WHIP_HOST ?? '127.0.0.1', graceMs: Number(process.env.GRACE_MS ?? 10_000) });
const origin = await startOrigin({ root, port: Number(httpPort) });
console.log(`publish to ${whip.url}/<stream key>; watch ${origin.url}<stream key>/master.m3u8`);

const running: Promise<void>[] = [];
whip.streams.subscribe((stream) => {
  running.push(
    new Promise<void>((done) => {
      stream.items
        .pipe(
          // WebRTC video is variable-rate: transcodeLive makes it constant (30 fps unless frameRate says otherwise).
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
  await whip.close();
  await Promise.all(running);
  await origin.close();
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
