import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveInput, LiveStreamItem, PublisherEvent } from '@ott/core';
import { launchChromium, WEBRTC_FAKE_MEDIA_ARGS } from '../../../../test/browser/chromium.js';
import { createWhipServer } from './createWhipServer.js';
import { WHIP_PUBLISHER_PAGE as PAGE } from '../../../../test/support/whipPublisher.js';

interface Probed {
  readonly streams: readonly { codec_type: string; codec_name: string; nb_read_frames?: string }[];
}

/** ffprobe reading the matroska bytes from a pipe, decoding every frame (-count_frames). */
function ffprobePipe(data: Buffer): Promise<Probed> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=codec_type,codec_name,nb_read_frames', '-of', 'json', '-i', 'pipe:0']);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdin.on('error', () => undefined);
    child.stdin.end(data);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Probed) : reject(new Error(`ffprobe exited ${code}: ${err}`))));
  });
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('WHIP ingest from headless Chromium', () => {
  let browser: Browser;
  let pageServer: Server;
  let pageUrl: string;

  beforeAll(async () => {
    browser = await launchChromium(WEBRTC_FAKE_MEDIA_ARGS);
    // The page comes from another origin than the WHIP server: the publish goes through CORS.
    pageServer = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE));
    await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => pageServer?.close(resolve));
  });

  it.each([
    { codec: 'H264', expected: 'h264' },
    { codec: 'VP8', expected: 'vp8' },
  ])('remuxes a $codec + Opus publisher to a matroska LiveInput, and DELETE ends the session', async ({ codec, expected }) => {
    const whip = await createWhipServer({ port: 0, graceMs: 300 });
    const page = await browser.newPage();
    try {
      const items: LiveStreamItem[] = [];
      const chunks: Buffer[] = [];
      let bytes = 0;
      let dataEnded = false;
      let completed = false;
      const streamKey = `cam-${codec.toLowerCase()}`;
      whip.streams.subscribe((stream) =>
        stream.items.subscribe({
          next: (item) => {
            items.push(item);
            if (item.type !== 'live-input') return;
            item.data.on('data', (chunk: Buffer) => {
              chunks.push(chunk);
              bytes += chunk.length;
            });
            item.data.on('end', () => (dataEnded = true));
          },
          complete: () => (completed = true),
        }),
      );

      await page.goto(pageUrl);
      const published = await page.evaluate(([endpoint, name]) => (window as unknown as { publish(e: string, c: string): Promise<Record<string, unknown>> }).publish(endpoint!, name!), [`${whip.url}/${streamKey}`, codec]);
      expect(published).toMatchObject({ status: 201, contentType: 'application/sdp' });
      expect(published['location']).toMatch(new RegExp(`^/whip/${streamKey}/[0-9a-f-]{36}$`));

      // A couple of seconds of media: enough bytes and a health sample that counted video frames.
      await waitFor(() => bytes > 30_000 && items.some((i) => i.type === 'stream-health' && (i.fps ?? 0) > 0), 'media from the publisher');
      const deleted = await page.evaluate(() => (window as unknown as { unpublish(): Promise<number> }).unpublish());
      expect(deleted).toBe(200);
      await waitFor(() => dataEnded && completed, 'the end of the stream after the grace period');

      const input = items.find((i): i is LiveInput => i.type === 'live-input');
      expect(input).toMatchObject({ streamKey, protocol: 'whip', session: 1, format: 'matroska', video: { codec: expected }, audio: { codec: 'opus' }, remoteAddress: '127.0.0.1' });
      const publisherEvents = items.filter((i) => i.type === 'publisher');
      expect(publisherEvents).toMatchObject([
        { action: 'connect', streamKey, protocol: 'whip', session: 1 },
        { action: 'disconnect', streamKey, session: 1, reason: 'publisher sent DELETE' },
      ]);

      const probed = await ffprobePipe(Buffer.concat(chunks));
      const video = probed.streams.find((s) => s.codec_type === 'video');
      const audio = probed.streams.find((s) => s.codec_type === 'audio');
      expect(video?.codec_name).toBe(expected);
      expect(Number(video?.nb_read_frames)).toBeGreaterThan(0);
      expect(audio?.codec_name).toBe('opus');
      expect(Number(audio?.nb_read_frames)).toBeGreaterThan(0);
    } finally {
      await page.close();
      await whip.close();
    }
  });

  it('ends the session when the publisher closes its peer connection without DELETE', async () => {
    const whip = await createWhipServer({ port: 0, graceMs: 0 });
    const page = await browser.newPage();
    try {
      const items: LiveStreamItem[] = [];
      let bytes = 0;
      let dataEnded = false;
      whip.streams.subscribe((stream) =>
        stream.items.subscribe((item) => {
          items.push(item);
          if (item.type !== 'live-input') return;
          item.data.on('data', (chunk: Buffer) => (bytes += chunk.length));
          item.data.on('end', () => (dataEnded = true));
        }),
      );
      await page.goto(pageUrl);
      const published = await page.evaluate(([endpoint]) => (window as unknown as { publish(e: string, c: string): Promise<Record<string, unknown>> }).publish(endpoint!, 'VP8'), [`${whip.url}/gone`]);
      expect(published).toMatchObject({ status: 201 });
      await waitFor(() => bytes > 10_000, 'media from the publisher');
      // The page closes its RTCPeerConnection (DTLS close_notify) but never sends DELETE.
      await page.evaluate(() => (window as unknown as { session: { pc: { close(): void } } }).session.pc.close());
      await waitFor(() => dataEnded && items.some((i) => i.type === 'publisher' && i.action === 'disconnect'), 'the session to end');
      const disconnect = items.find((i): i is PublisherEvent => i.type === 'publisher' && i.action === 'disconnect');
      expect(disconnect?.reason).toBe('publisher closed the peer connection');
    } finally {
      await page.close();
      await whip.close();
    }
  });
});
