// Acceptance (issue 6): a live stream uploaded to S3 while the S3 server is down for 30 s. After recovery every
// segment is in the bucket, no manifest ever named a missing object, the spool is empty, and the bucket, served by
// the S3 origin, replays as VOD in Chromium from start to end. The only long test of the package (~45 s).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Subject } from 'rxjs';
import type { PipelineEvent, PipelineItem } from '@ott/core';
import { packageLive } from '@ott/packager';
import { launchChromium } from '../../../test/browser/chromium.js';
import { playInBrowser } from '../../../test/browser/playInBrowser.js';
import { startStaticServer } from '../../../test/browser/staticServer.js';
import type { StaticServer } from '../../../test/browser/staticServer.js';
import { inspectSpool } from './inspectSpool.js';
import { startS3Origin } from './origin/startS3Origin.js';
import type { RunningS3Origin } from './origin/startS3Origin.js';
import { encodeLiveSource } from './testing/liveSource.js';
import type { TimedItem } from './testing/liveSource.js';
import { pollManifests } from './testing/pollManifests.js';
import { TestS3 } from './testing/TestS3.js';
import { watchUploads } from './testing/watchUploads.js';
import { toS3 } from './toS3.js';

const SECONDS = 10;
const OUTAGE_MS = 30_000;

let work: string;
let s3: TestS3;
let source: TimedItem[];
let browser: Browser | undefined;
let players: StaticServer | undefined;
let origin: RunningS3Origin | undefined;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-s3-live-'));
  s3 = await TestS3.start('live');
  source = encodeLiveSource(work, SECONDS);
});

afterAll(async () => {
  await origin?.close();
  await players?.close();
  await browser?.close();
  await s3?.close();
  await rm(work, { recursive: true, force: true });
});

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds or `ms` pass. */
async function waitFor(condition: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(50);
  }
}

it('keeps a live stream whole through a 30 s S3 outage, and the bucket replays in Chromium from start to end', async () => {
  const spoolDir = join(work, 'spool');
  const { client, log } = watchUploads(s3, 'cam');
  const input = new Subject<PipelineItem>();
  const events: PipelineEvent[] = [];
  const finished = new Promise<void>((resolve, reject) => {
    input
      .pipe(
        packageLive({ segmentDuration: 2, partTarget: 0.5 }),
        toS3({ client, bucket: 'live', prefix: 'cam', spool: { dir: spoolDir }, retry: { attempts: 1, baseDelayMs: 100, maxDelayMs: 1000 } }),
      )
      .subscribe({ next: (event) => events.push(event), error: reject, complete: resolve });
  });
  finished.catch(() => undefined);
  const poll = pollManifests(s3, 'cam', 150);
  const warnings = (): string[] => events.flatMap((e) => (e.type === 'warning' ? [e.code] : []));

  // Before the outage: the first 3 s, at about real time (the poller watches the bucket meanwhile).
  const before = source.filter((t) => t.seconds < 3);
  const during = source.filter((t) => t.seconds >= 3 && t.seconds < 8);
  const after = source.filter((t) => t.seconds >= 8);
  for (const { item } of before) {
    input.next(item);
    await pause(100);
  }
  await waitFor(() => events.some((e) => e.type === 'segment') && events.some((e) => e.type === 'manifest'), 'a first segment and manifest in the bucket');

  // The outage: S3 stops; the publisher goes on for 30 s (5 s of media spread over it), everything goes to the spool.
  await s3.stop();
  const downAt = Date.now();
  for (const { item } of during) {
    input.next(item);
    await pause((OUTAGE_MS - 2000) / during.length);
  }
  await waitFor(() => warnings().includes('S3_OUTAGE'), 'the outage warning');
  const spooled = await inspectSpool(spoolDir);
  expect(spooled.paths.filter((p) => /seg-\d+\.m4s$/.test(p)).length).toBeGreaterThan(2);
  await pause(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
  await s3.restart();

  // After: the rest of the stream while the spool drains, then its end (the packager turns the manifests into VOD).
  for (const { item } of after) {
    input.next(item);
    await pause(100);
  }
  input.complete();
  await finished;
  await poll.stop();

  expect(warnings()).toEqual(expect.arrayContaining(['S3_OUTAGE', 'S3_RECOVERED']));
  const keys = new Set(await s3.keys('cam/'));
  const segments = events.flatMap((e) => (e.type === 'segment' ? [e.path] : []));
  expect(segments.length).toBe(2 * (SECONDS / 2));
  expect(segments.filter((path) => !keys.has(`cam/${path}`))).toEqual([]);
  for (const id of ['video_180p', 'audio_aac']) {
    for (let n = 1; n <= SECONDS / 2; n++) expect(keys.has(`cam/${id}/seg-${String(n).padStart(5, '0')}.m4s`)).toBe(true);
  }
  // Checked at every manifest upload (inside the sink's client) and by a viewer polling the bucket throughout.
  expect(log.missing).toEqual([]);
  expect(log.checked).toBeGreaterThanOrEqual(4); // at least master, MPD and both media playlists after recovery
  expect(poll.violations).toEqual([]);
  expect(poll.checks()).toBeGreaterThanOrEqual(8); // rounds during the run, besides the final one
  expect((await inspectSpool(spoolDir)).pending).toBe(0);
  expect(await readdir(join(spoolDir, 'objects'))).toEqual([]);
  client.destroy();

  // The VOD replay from the bucket, through the S3 origin, in Chromium with hls.js.
  origin = await startS3Origin({ client: s3.connection, bucket: 'live', prefix: 'cam' });
  players = await startStaticServer(work);
  browser = await launchChromium();
  const played = await playInBrowser(browser, { player: 'hls.js', src: `${origin.url}master.m3u8`, playerOrigin: players.url, untilSeconds: SECONDS - 0.6, timeoutMs: 40_000 });
  expect(played.errors).toEqual([]);
  expect(played.reached).toBe(true);
  expect(played.videoWidth).toBe(320);
});
