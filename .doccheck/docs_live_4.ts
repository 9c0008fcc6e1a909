// examples/whip-ingest.ts — npx tsx examples/whip-ingest.ts out/whip 8080 (records each session as .mkv, serves a publisher page on 8081)
import { createWriteStream } from 'node:fs';
import { createWhipServer } from '@ott/ingest';
const whip = await createWhipServer({ port: 8080, graceMs: 5000, authorize: (request) => request.token === 'secret' });
whip.streams.subscribe((stream) =>
  stream.items.subscribe((item) => {
    if (item.type === 'live-input') item.data.pipe(createWriteStream(`out/whip/${item.streamKey}-${item.session}.mkv`));
  }),
);
