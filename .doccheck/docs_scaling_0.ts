// examples/farm.ts — npx tsx examples/farm.ts redis://127.0.0.1:6379 input.mp4 out/farm
import { resolve } from 'node:path';
import { probe } from '@ott/ingest';
import { enqueueVod, startWorker } from '@ott/transcode';

const [redis = 'redis://127.0.0.1:6379', input = 'input.mp4', output = 'out/farm'] = process.argv.slice(2);
const worker = await startWorker({ redis, concurrency: 2, metricsPort: 0 }); // normally: one per machine
const source = await probe(resolve(input));
const vod = await enqueueVod({ source, output: resolve(output), chunkDuration: 8 }, { redis });
vod.events.subscribe({
  next: (event) => event.type === 'progress' && console.log(`${event.percent.toFixed(0)}%  eta ${event.etaSeconds} s`),
  complete: () => void worker.close(),
});
