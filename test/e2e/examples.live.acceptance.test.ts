// The live examples are part of the docs: CI runs them as a user would (tsx, importing the BUILT packages), with a
// real ffmpeg RTMP publisher, and checks the live playlists and the VOD they turn into on Ctrl-C.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkLowLatencyPlaylist } from '@ott/packager';
import { launchChromium, WEBRTC_FAKE_MEDIA_ARGS } from '../browser/chromium.js';
import { publishFromPage, startWhipPublisherPage } from '../support/whipPublisher.js';
import { freePort } from '../support/freePort.js';
import { startPublisher } from './liveCli.js';
import { startExample } from './runExample.js';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-examples-live-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

it('examples/live-rtmp.ts turns an RTMP publisher into LL-HLS + LL-DASH, served, and into VOD on Ctrl-C', async () => {
  const [rtmpPort, httpPort] = [await freePort(), await freePort()];
  const out = join(work, 'live');
  const example = startExample('examples/live-rtmp.ts', [out, String(rtmpPort), String(httpPort)], { cwd: work, env: { LADDER: '180p@200k,audio@64k', PRESET: 'ultrafast' } });
  await example.waitFor('publish to');
  const publisher = startPublisher('flv', `rtmp://127.0.0.1:${rtmpPort}/live/cam1`);
  try {
    await example.waitFor('live: ');
    const playlist = await (await fetch(`http://127.0.0.1:${httpPort}/cam1/video_180p/playlist.m3u8`)).text();
    expect(checkLowLatencyPlaylist(playlist, { renditionReports: 1 })).toEqual([]);
    const mpd = await (await fetch(`http://127.0.0.1:${httpPort}/cam1/manifest.mpd`)).text();
    expect(mpd).toMatch(/type="dynamic"/);
  } finally {
    await publisher.stop('SIGKILL');
  }
  example.child.kill('SIGINT');
  expect(await example.exited, example.output()).toBe(0);
  expect(example.output()).toContain('cam1: ended, now VOD');
  expect(await readFile(join(out, 'cam1', 'video_180p', 'playlist.m3u8'), 'utf8')).toMatch(/#EXT-X-ENDLIST/);
  expect(await readFile(join(out, 'cam1', 'manifest.mpd'), 'utf8')).toMatch(/type="static"/);
});

it('examples/live-whip.ts turns a browser publishing over WHIP into LL-HLS + LL-DASH, and into VOD when it leaves', async () => {
  const [whipPort, httpPort] = [await freePort(), await freePort()];
  const out = join(work, 'live-whip');
  const example = startExample('examples/live-whip.ts', [out, String(whipPort), String(httpPort)], { cwd: work, env: { LADDER: '180p@200k,audio@64k', PRESET: 'ultrafast', GRACE_MS: '500' } });
  await example.waitFor('publish to');
  const browser = await launchChromium(WEBRTC_FAKE_MEDIA_ARGS);
  const pages = await startWhipPublisherPage();
  try {
    const page = await browser.newPage();
    await page.goto(pages.url);
    expect(await publishFromPage(page, `http://127.0.0.1:${whipPort}/whip/webcam`, 'VP8')).toMatchObject({ status: 201 });
    await example.waitFor('live: ');
    const playlist = await (await fetch(`http://127.0.0.1:${httpPort}/webcam/video_180p/playlist.m3u8`)).text();
    expect(checkLowLatencyPlaylist(playlist, { renditionReports: 1 })).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { unpublish(): Promise<number> }).unpublish())).toBe(200);
    await example.waitFor('webcam: ended, now VOD');
  } finally {
    await browser.close();
    await pages.close();
  }
  example.child.kill('SIGINT');
  expect(await example.exited, example.output()).toBe(0);
  expect(await readFile(join(out, 'webcam', 'video_180p', 'playlist.m3u8'), 'utf8')).toMatch(/#EXT-X-ENDLIST/);
});
