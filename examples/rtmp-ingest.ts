// Accept RTMP publishers (ffmpeg, OBS) with @ott/ingest and record each publisher session as an FLV file.
// Run: npx tsx examples/rtmp-ingest.ts [out/rtmp] [1935]     (RTMP_TOKEN sets the token, default "secret")
// Publish: ffmpeg -re -f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i sine -t 10 -c:v libx264 -g 50 -c:a aac \
//            -f flv "rtmp://127.0.0.1:1935/live/cam1?token=secret"
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRtmpServer } from '@ott/ingest';

const [out = 'out/rtmp', port = '1935'] = process.argv.slice(2);
const token = process.env.RTMP_TOKEN ?? 'secret';
mkdirSync(out, { recursive: true });

const server = await createRtmpServer({
  port: Number(port),
  graceMs: 5000,
  authorize: ({ query }) => query.token === token || 'wrong or missing token',
});
console.log(`publish to ${server.url}/live/<stream key>?token=${token} (Ctrl-C stops)`);
server.events.subscribe((event) => console.log(JSON.stringify(event)));
server.streams.subscribe((stream) =>
  stream.items.subscribe({
    next: (item) => {
      // pipe() waits for the file: a slow disk pauses the publisher instead of filling memory
      if (item.type === 'live-input') item.data.pipe(createWriteStream(join(out, `${item.streamKey}-${item.session}.flv`)));
    },
    complete: () => console.log(`stream ${stream.streamKey} ended`),
  }),
);
process.once('SIGINT', () => void server.close());
process.once('SIGTERM', () => void server.close());
