// The remaining examples of the docs run in CI as a user runs them (tsx, the BUILT packages): rtmp-ingest.ts records
// a real ffmpeg RTMP publisher, whip-ingest.ts records Chromium publishing from the page the example serves, and
// live-package.ts packages an MPEG-TS file as a live stream that ends as VOD.
import { readdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, WEBRTC_FAKE_MEDIA_ARGS } from '../browser/chromium.js';
import { freePort } from '../support/freePort.js';
import { runFfmpeg } from '../support/media.js';
import { startPublisher } from './liveCli.js';
import { runExample, startExample } from './runExample.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-examples-ingest-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

it('examples/rtmp-ingest.ts records a publisher with the right token, refuses one without', async () => {
  const port = await freePort();
  const out = join(work, 'rtmp');
  const example = startExample('examples/rtmp-ingest.ts', [out, String(port)], { cwd: work });
  try {
    await example.waitFor('publish to');
    const refused = startPublisher('flv', `rtmp://127.0.0.1:${port}/live/cam0?token=wrong`, 2);
    expect(await new Promise<number | null>((resolve) => refused.child.once('close', resolve))).not.toBe(0);
    const publisher = startPublisher('flv', `rtmp://127.0.0.1:${port}/live/cam1?token=secret`, 3);
    expect(await new Promise<number | null>((resolve) => publisher.child.once('close', resolve))).toBe(0);
    await example.waitFor('"action":"disconnect"');
    const flv = await stat(join(out, 'cam1-1.flv'));
    expect(flv.size).toBeGreaterThan(50_000);
    expect(example.output()).toContain('"action":"refused"');
  } finally {
    example.child.kill('SIGINT');
    await example.exited;
  }
});

it('examples/whip-ingest.ts records Chromium publishing from the page it serves', async () => {
  const port = await freePort();
  const out = join(work, 'whip');
  const example = startExample('examples/whip-ingest.ts', [out, String(port)], { cwd: work });
  const browser = await launchChromium(WEBRTC_FAKE_MEDIA_ARGS);
  try {
    await example.waitFor('publisher page');
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port + 1}/`);
    await page.click('#go');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'publishing', undefined, { timeout: 30_000 });
    await example.waitFor('"action":"connect"');
    // The recording grows while the browser publishes (ffmpeg probes the RTP for a moment before its first bytes).
    let size = 0;
    for (let i = 0; i < 300 && size <= 50_000; i++) {
      size = await stat(join(out, 'cam1-1.mkv')).then((s) => s.size, () => 0);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(size, example.output().slice(-2000)).toBeGreaterThan(50_000);
    await page.click('#stop');
    await example.waitFor('"action":"disconnect"');
    expect(await readdir(out)).toEqual(['cam1-1.mkv']);
  } finally {
    await browser.close();
    example.child.kill('SIGINT');
    await example.exited;
  }
});

it('examples/live-package.ts packages an MPEG-TS file as live LL-HLS + LL-DASH that ends as VOD, with a recording', async () => {
  const input = join(work, 'input.ts');
  await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '4',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'mpegts', input]);
  const out = join(work, 'live');
  const run = await runExample('examples/live-package.ts', [input, out], { cwd: work });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('now play as VOD');
  expect(await readFile(join(out, 'video_360p', 'playlist.m3u8'), 'utf8')).toMatch(/#EXT-X-ENDLIST/);
  expect(await readFile(join(out, 'manifest.mpd'), 'utf8')).toMatch(/type="static"/);
  expect((await stat(`${out}.mp4`)).size).toBeGreaterThan(10_000);
});
