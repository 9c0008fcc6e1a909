// examples/rtmp-ingest.ts — npx tsx examples/rtmp-ingest.ts out/rtmp 1935 (records each session as FLV)
import { createWriteStream } from 'node:fs';
import { createRtmpServer } from '@ott/ingest';
const server = await createRtmpServer({ port: 1935, graceMs: 5000, authorize: ({ query }) => query.token === 'secret' || 'wrong token' });
server.streams.subscribe((stream) =>
  stream.items.subscribe((item) => {
    if (item.type === 'live-input') item.data.pipe(createWriteStream(`out/rtmp/${item.streamKey}-${item.session}.flv`));
  }),
);
