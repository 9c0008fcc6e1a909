// The transcode farm in one script: a worker (normally one per machine: `ott worker --redis <url>`) and a job on it.
// Run: npx tsx examples/farm.ts [redis://127.0.0.1:6379] [input.mp4] [out/farm]   (needs a running redis-server)
import { resolve } from 'node:path';
import { probe } from '@ott/ingest';
import { enqueueVod, startWorker } from '@ott/farm';

const [redis = 'redis://127.0.0.1:6379', input = 'input.mp4', output = 'out/farm'] = process.argv.slice(2);

// A worker: takes tasks from Redis, encodes chunks with ffmpeg, stitches them into HLS + DASH.
const worker = await startWorker({ redis, concurrency: 2, metricsPort: 0 });
console.log(`worker ${worker.name}, metrics at ${worker.metricsUrl}`);

// The job: paths must mean the same place on every worker (shared storage), hence absolute.
const source = await probe(resolve(input));
const vod = await enqueueVod({ source, output: resolve(output), chunkDuration: 8 }, { redis });
console.log(`queued ${vod.id}: ${vod.tasks} encode tasks`);

vod.events.subscribe({
  next: (event) => {
    if (event.type === 'progress') console.log(`${event.percent.toFixed(0)}%  eta ${event.etaSeconds?.toFixed(0) ?? '?'} s`);
    if (event.type === 'farm-done') console.log(`wrote ${event.result.segments} segments to ${event.result.output}`);
  },
  error: (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
    void worker.close();
  },
  complete: () => void worker.close(),
});
