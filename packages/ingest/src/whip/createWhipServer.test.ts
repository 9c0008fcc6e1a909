import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { RTCPeerConnection } from 'werift';
import type { LiveStreamItem, PublisherEvent, WarningEvent } from '@ott/core';
import { LiveStreamHub } from '../live/LiveStreamHub.js';
import { createWhipServer } from './createWhipServer.js';
import type { WhipServer, WhipServerOptions } from './createWhipServer.js';

const OFFER_WITHOUT_MEDIA = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
const VP9_ONLY_OFFER = `${OFFER_WITHOUT_MEDIA}m=video 9 UDP/TLS/RTP/SAVPF 98\r\na=mid:0\r\na=sendonly\r\na=rtpmap:98 VP9/90000\r\n`;

let server: WhipServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Partial<WhipServerOptions> = {}): Promise<{ server: WhipServer; refusals: PublisherEvent[] }> {
  server = await createWhipServer({ port: 0, ...options });
  const refusals: PublisherEvent[] = [];
  server.events.subscribe((event) => {
    if (event.type === 'publisher' && event.action === 'refused') refusals.push(event);
  });
  return { server, refusals };
}

/** A publisher's offer made by werift (VP8 + Opus, sendonly), without ICE candidates: enough to negotiate. */
async function weriftOffer(): Promise<string> {
  const pc = new RTCPeerConnection({ iceServers: [] });
  pc.addTransceiver('video', { direction: 'sendonly' });
  pc.addTransceiver('audio', { direction: 'sendonly' });
  const offer = await pc.createOffer();
  await pc.close();
  return offer.sdp;
}

function post(whip: WhipServer, key: string, body: string, headers: Record<string, string> = { 'Content-Type': 'application/sdp' }): Promise<Response> {
  return fetch(`${whip.url}/${key}`, { method: 'POST', headers, body });
}

describe('createWhipServer (HTTP, no media)', () => {
  it('answers a CORS pre-flight so a page on another origin can POST an offer and read Location', async () => {
    const { server: whip } = await start();
    const res = await fetch(`${whip.url}/cam1`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://example.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-methods')).toContain('DELETE');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Location/);
    expect(res.headers.get('accept-post')).toBe('application/sdp');
  });

  it('refuses a body that is not application/sdp with 415', async () => {
    const { server: whip } = await start();
    const res = await post(whip, 'cam1', '{"sdp":"v=0"}', { 'Content-Type': 'application/json' });
    expect(res.status).toBe(415);
    expect(res.headers.get('accept-post')).toBe('application/sdp');
    expect(await res.text()).toMatch(/Expected Content-Type: application\/sdp.*got application\/json/);
  });

  it('answers 400 to an offer it cannot use, saying why', async () => {
    const { server: whip } = await start();
    const garbage = await post(whip, 'cam1', 'hello');
    expect(garbage.status).toBe(400);
    expect(await garbage.text()).toMatch(/not an SDP offer/);
    const noMedia = await post(whip, 'cam1', OFFER_WITHOUT_MEDIA);
    expect(noMedia.status).toBe(400);
    const vp9 = await post(whip, 'cam1', VP9_ONLY_OFFER);
    expect(vp9.status).toBe(400);
    expect(await vp9.text()).toMatch(/video section offers vp9; accepted: video H\.264 .* or VP8/);
  });

  it('refuses a stream key that is not folder-safe with 400 and a refused event', async () => {
    const { server: whip, refusals } = await start();
    const res = await post(whip, 'a.b', OFFER_WITHOUT_MEDIA);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Invalid stream key/);
    expect(refusals).toMatchObject([{ streamKey: 'a.b', protocol: 'whip' }]);
  });

  it('asks for a bearer token with 401 and refuses a wrong one with 403 (RFC 9725 §4.5)', async () => {
    const asked: unknown[] = [];
    const { server: whip, refusals } = await start({
      authorize: (request) => {
        asked.push(request);
        return request.token === 'let-me-in';
      },
    });
    const anonymous = await post(whip, 'cam1', OFFER_WITHOUT_MEDIA);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await post(whip, 'cam1', OFFER_WITHOUT_MEDIA, { 'Content-Type': 'application/sdp', Authorization: 'Bearer nope' });
    expect(wrong.status).toBe(403);
    // The right token gets past authorisation (and then fails on the offer, which has no media).
    const right = await post(whip, 'cam1', OFFER_WITHOUT_MEDIA, { 'Content-Type': 'application/sdp', Authorization: 'Bearer let-me-in' });
    expect(right.status).toBe(400);
    expect(asked).toEqual([
      { streamKey: 'cam1', remoteAddress: '127.0.0.1' },
      { streamKey: 'cam1', token: 'nope', remoteAddress: '127.0.0.1' },
      { streamKey: 'cam1', token: 'let-me-in', remoteAddress: '127.0.0.1' },
    ]);
    expect(refusals.map((r) => r.reason)).toEqual([expect.stringMatching(/Authorization: Bearer/), expect.stringMatching(/not allowed/)]);
  });

  it('refuses a second publisher on a key that is already publishing with 409', async () => {
    const hub = new LiveStreamHub({ protocol: 'whip', graceMs: 0 });
    const { server: whip, refusals } = await start({ hub });
    const existing = hub.publish('busy', { format: 'matroska', data: Readable.from([]) });
    const res = await post(whip, 'busy', OFFER_WITHOUT_MEDIA);
    expect(res.status).toBe(409);
    expect(refusals).toMatchObject([{ streamKey: 'busy', reason: 'Stream "busy" already has a publisher.' }]);
    existing.end();
    hub.close();
  });

  it('answers 404 for unknown session URLs and paths, and 405 for methods WHIP does not use', async () => {
    const { server: whip } = await start();
    expect((await fetch(`${whip.url}/cam1/00000000-0000-0000-0000-000000000000`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${whip.url}/cam1/nope`, { method: 'PATCH', body: 'a=x' })).status).toBe(404);
    expect((await fetch(`${whip.url}/cam1/x/y`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${whip.port}/other/cam1`, { method: 'POST' })).status).toBe(404);
    const get = await fetch(`${whip.url}/cam1`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('honours the path prefix option', async () => {
    const { server: whip } = await start({ path: '/ingest/whip/' });
    expect(whip.url).toBe(`http://127.0.0.1:${whip.port}/ingest/whip`);
    expect((await post(whip, 'cam1', 'x', { 'Content-Type': 'text/plain' })).status).toBe(415);
  });

  it('fails to start with INGEST_LISTEN_FAILED when the port is taken', async () => {
    const { server: first } = await start();
    await expect(createWhipServer({ port: first.port })).rejects.toMatchObject({ code: 'INGEST_LISTEN_FAILED' });
  });

  it('creates a session for a usable offer (201, Location, complete answer) and DELETE ends it (RFC 9725 §4.2–4.3)', async () => {
    const { server: whip } = await start({ graceMs: 0 });
    const items: LiveStreamItem[] = [];
    let completed = false;
    whip.streams.subscribe((stream) => stream.items.subscribe({ next: (item) => items.push(item), complete: () => (completed = true) }));
    const res = await post(whip, 'cam1', await weriftOffer());
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/sdp');
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(/^\/whip\/cam1\/[0-9a-f-]{36}$/);
    const answer = await res.text();
    expect(answer).toMatch(/^m=video \d+ UDP\/TLS\/RTP\/SAVPF \d+\r?$/m);
    expect(answer).toMatch(/^a=rtpmap:\d+ VP8\/90000\r?$/m);
    expect(answer).toMatch(/^a=candidate:.* 127\.0\.0\.1 \d+ typ host/m);
    expect(answer).toMatch(/^a=recvonly\r?$/m);
    expect(items.map((i) => i.type)).toEqual(['publisher', 'live-input']);
    // A second publisher on the same key while the first is on: 409.
    expect((await post(whip, 'cam1', await weriftOffer())).status).toBe(409);
    // No trickle ICE / ICE restart: PATCH is 405 (RFC 9725 §4.3.1).
    const patch = await fetch(`http://127.0.0.1:${whip.port}${location}`, { method: 'PATCH', headers: { 'Content-Type': 'application/trickle-ice-sdpfrag' }, body: 'a=end-of-candidates' });
    expect(patch.status).toBe(405);
    expect(patch.headers.get('allow')).toBe('DELETE, OPTIONS');
    const deleted = await fetch(`http://127.0.0.1:${whip.port}${location}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(items.find((i) => i.type === 'publisher' && i.action === 'disconnect')).toMatchObject({ streamKey: 'cam1', reason: 'publisher sent DELETE' });
    expect((await fetch(`http://127.0.0.1:${whip.port}${location}`, { method: 'DELETE' })).status).toBe(404);
    await whip.close();
    expect(completed).toBe(true);
  });

  it('answers 500 and warns when ffmpeg cannot be started, leaving no session behind', async () => {
    const { server: whip } = await start({ ffmpegPath: '/nonexistent/ffmpeg' });
    const warnings: WarningEvent[] = [];
    whip.events.subscribe((event) => {
      if (event.type === 'warning') warnings.push(event);
    });
    const res = await post(whip, 'cam1', await weriftOffer());
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/ffmpeg could not be started from "\/nonexistent\/ffmpeg"/);
    expect(warnings).toMatchObject([{ stage: 'ingest', code: 'FFMPEG_NOT_FOUND' }]);
    // The key is free again.
    expect((await post(whip, 'cam1', 'x', { 'Content-Type': 'text/plain' })).status).toBe(415);
  });

  it('completes streams on close()', async () => {
    const { server: whip } = await start();
    let completed = false;
    whip.streams.subscribe({ complete: () => (completed = true) });
    await whip.close();
    expect(completed).toBe(true);
  });

  it('ends a session whose publisher never sends media after mediaTimeoutMs', async () => {
    const { server: whip } = await start({ graceMs: 0, mediaTimeoutMs: 300 });
    const items: LiveStreamItem[] = [];
    let completed = false;
    whip.streams.subscribe((stream) => stream.items.subscribe({ next: (item) => items.push(item), complete: () => (completed = true) }));
    const res = await post(whip, 'silent', await weriftOffer());
    expect(res.status).toBe(201);
    const deadline = Date.now() + 10_000;
    while (!completed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(items.find((i) => i.type === 'publisher' && i.action === 'disconnect')).toMatchObject({ reason: expect.stringMatching(/^no media received for \d+ s$/) });
    expect(completed).toBe(true);
    // The session URL is gone with it.
    expect((await fetch(`http://127.0.0.1:${whip.port}${res.headers.get('location') ?? ''}`, { method: 'DELETE' })).status).toBe(404);
  });
});
