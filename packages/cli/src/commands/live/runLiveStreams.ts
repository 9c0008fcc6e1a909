import { existsSync } from 'node:fs';
import { readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { notifyWebhooks } from '@ott/core';
import type { LiveStream, PipelineItem, Webhooks } from '@ott/core';
import { identity } from 'rxjs';
import { packageLive, toFolder } from '@ott/packager';
import { transcodeLive } from '@ott/transcode';
import type { OpenIngest } from './openLiveIngest.js';
import type { LiveSettings } from './liveSettings.js';

/** Options of {@link runLiveStreams}. */
export interface RunLiveStreamsOptions {
  readonly output: string;
  readonly settings: LiveSettings;
  readonly json: boolean;
  readonly say: (line: string) => void;
  readonly originUrl?: string;
  /** segment / stream-end / recording-ready notifications. */
  readonly webhooks?: Webhooks;
}

/** The running streams of `ott live`. */
export interface RunningStreams {
  /** Resolves when a stream has ended and none is running (a file input is done). */
  readonly idle: Promise<void>;
  /** Resolves after the ingest is closed and every stream is finalised, with the number of streams that failed. */
  readonly finished: Promise<number>;
}

/**
 * Runs one pipeline per stream the ingest announces: `transcodeLive → packageLive → toFolder(<output>/<key>)`. A
 * folder left by an earlier stream with the same key is kept, renamed `<key>.<time>`, so nothing is overwritten.
 */
export function runLiveStreams(ingest: OpenIngest & { start(): void }, options: RunLiveStreamsOptions): RunningStreams {
  const { settings, json, say } = options;
  const print = (item: object, streamKey?: string): void => {
    if (json) process.stdout.write(`${JSON.stringify(streamKey ? { streamKey, ...item } : item)}\n`);
  };
  let active = 0;
  let failures = 0;
  let markIdle: () => void = () => undefined;
  const idle = new Promise<void>((done) => (markIdle = done));
  const running: Promise<void>[] = [];

  ingest.events.subscribe((event) => {
    print(event);
    if (event.type === 'publisher') say(`[${event.streamKey}] publisher ${event.action}${event.reason ? ` (${event.reason})` : ''}`);
    else if (event.type === 'warning') say(`warning ${event.code}: ${event.message}`);
  });
  const streamsDone = new Promise<void>((done) => {
    ingest.streams.subscribe({
      next: (stream) => {
        active += 1;
        running.push(
          runOne(stream).then(
            () => say(`[${stream.streamKey}] stream ended: ${join(options.output, stream.streamKey)} is now VOD`),
            (error: unknown) => {
              failures += 1;
              say(`[${stream.streamKey}] stream failed: ${error instanceof Error ? error.message : String(error)}`);
            },
          ).finally(() => {
            active -= 1;
            if (active === 0) markIdle();
          }),
        );
      },
      complete: () => done(),
    });
  });
  ingest.start();

  async function runOne(stream: LiveStream): Promise<void> {
    const dir = join(options.output, stream.streamKey);
    await archiveExisting(dir);
    let announced = false;
    await new Promise<void>((done, fail) => {
      stream.items
        .pipe(
          transcodeLive(settings.ladder, { segmentSeconds: settings.segmentSeconds, ...(settings.ll ? { partSeconds: settings.partSeconds } : {}), preset: settings.preset }),
          packageLive({ segmentDuration: settings.segmentSeconds, ll: settings.ll, partTarget: settings.partSeconds, dvrWindowSeconds: settings.dvrWindowSeconds }),
          toFolder(dir, { live: true }),
          options.webhooks ? notifyWebhooks<PipelineItem>(options.webhooks, { streamKey: stream.streamKey, recordingPath: dir }) : identity,
        )
        .subscribe({
          next: (item: PipelineItem) => {
            if (item.type === 'segment' || item.type === 'manifest') print(item, stream.streamKey);
            else if (item.type === 'warning' && item.stage !== 'ingest') {
              print(item, stream.streamKey);
              say(`[${stream.streamKey}] warning ${item.code}: ${item.message}`);
            }
            if (item.type === 'manifest' && item.role === 'master' && !announced) {
              announced = true;
              const base = options.originUrl ? `${options.originUrl}${stream.streamKey}/` : `${dir}/`;
              say(`[${stream.streamKey}] live: ${base}master.m3u8 ${base}manifest.mpd`);
            }
          },
          error: fail,
          complete: done,
        });
    });
  }

  const finished = streamsDone.then(async () => {
    await Promise.all(running);
    return failures;
  });
  return { idle, finished };
}

async function archiveExisting(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  if ((await readdir(dir)).length === 0) return;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  await rename(dir, `${dir}.${stamp}`);
}
