// `ott live --srt` and `ott live --rtsp`: ffmpeg pushing SRT to the built command's listener, and the command pulling
// RTSP from a real RTSP server (npm rtsp-streaming-server, fed by ffmpeg), each played live by hls.js (LL-HLS on),
// dash.js and Shaka Player in headless Chromium. All on 127.0.0.1.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser/chromium.js';
import { startStaticServer } from '../browser/staticServer.js';
import type { StaticServer } from '../browser/staticServer.js';
import { startRtspServer } from '../support/rtspServer.js';
import { freePort } from '../support/freePort.js';
import { playLiveWithAllPlayers, startLiveCli, startPublisher } from './liveCli.js';
import type { LiveCli, Publisher } from './liveCli.js';

const LADDER = '360p@600k,180p@200k,audio@64k';
let work: string;
let browser: Browser;
let players: StaticServer;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-live-protocols-'));
  browser = await launchChromium();
  players = await startStaticServer(work);
});

afterAll(async () => {
  await browser?.close();
  await players?.close();
  await rm(work, { recursive: true, force: true });
});

describe('ott live with ffmpeg-speaking protocols', () => {
  it('SRT: ffmpeg pushes to the listener (streamid names the stream, passphrase on) and three players play it', async () => {
    const port = await freePort();
    const query = 'streamid=srtcam&passphrase=a-long-enough-secret';
    const live = await startLiveCli(['--srt', `srt://127.0.0.1:${port}?mode=listener&${query}`, '-o', join(work, 'srt'), '--ll', '--ladder', LADDER, '--preset', 'ultrafast']);
    let publisher: Publisher | undefined;
    try {
      publisher = startPublisher('mpegts', `srt://127.0.0.1:${port}?mode=caller&${query}`);
      await playLiveWithAllPlayers(browser, live, 'srtcam', players.url);
    } finally {
      await publisher?.stop('SIGKILL');
      expect(await live.stop()).toBe(0);
    }
  });

  it('RTSP: the command pulls a camera from an RTSP server and three players play it', async () => {
    const rtsp = await startRtspServer(await freePort(), await freePort());
    let publisher: Publisher | undefined;
    let live: LiveCli | undefined;
    try {
      publisher = startPublisher('rtsp', `rtsp://127.0.0.1:${rtsp.publishPort}/door`, 120, ['-rtsp_transport', 'udp']);
      live = await startLiveCli(['--rtsp', `rtsp://127.0.0.1:${rtsp.clientPort}/door`, '--rtsp-transport', 'udp', '-o', join(work, 'rtsp'), '--ll', '--ladder', LADDER, '--preset', 'ultrafast']);
      await playLiveWithAllPlayers(browser, live, 'door', players.url);
    } finally {
      await publisher?.stop('SIGKILL');
      if (live) expect(await live.stop()).toBe(0);
      await rtsp.stop();
    }
  });
});
