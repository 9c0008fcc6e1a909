import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WarningEvent } from '../events/events.js';
import { isOttError } from '../errors/OttError.js';
import { createWebhooks } from './createWebhooks.js';
import { verifyWebhookSignature } from './verifyWebhookSignature.js';
import type { WebhookBody } from './webhookTypes.js';

const SECRET = 'a-webhook-secret-of-at-least-32-bytes!!';

interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  readonly body: WebhookBody;
}

/** A tiny receiver: records every POST and answers with the next scripted answer (default 204). */
let server: Server;
let base = '';
let received: Received[] = [];
let answers: ((res: ServerResponse) => void)[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) as WebhookBody });
      const answer = answers.shift() ?? ((r: ServerResponse) => r.writeHead(204).end());
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
  answers = [];
});

const status = (code: number, body = '') => (res: ServerResponse): void => void res.writeHead(code, { 'Content-Type': body.startsWith('{') ? 'application/json' : 'text/plain' }).end(body);
const silent = (): void => undefined; // never answers: the client's timeout must fire
const fast = { initialMs: 5, factor: 2, maxMs: 20 };

describe('createWebhooks', () => {
  it('POSTs JSON whose X-Ott-Signature verifies and whose signed timestamp matches the header', async () => {
    const hooks = createWebhooks({ url: `${base}/hooks`, secret: SECRET });
    const delivery = await hooks.onSegment({ streamKey: 'news', renditionId: 'video_360p', number: 3, path: 'video_360p/seg-00003.m4s', durationSeconds: 2, bytes: 1234 });
    expect(delivery).toMatchObject({ delivered: true, attempts: 1, status: 204 });
    const [hit] = received;
    expect(hit?.headers['x-ott-event']).toBe('segment');
    expect(hit?.headers['content-type']).toBe('application/json');
    const check = verifyWebhookSignature(hit?.raw ?? '', hit?.headers['x-ott-signature'], SECRET, { timestampHeader: String(hit?.headers['x-ott-timestamp']) });
    expect(check.ok).toBe(true);
    expect(hit?.body).toMatchObject({ event: 'segment', id: hit?.headers['x-ott-delivery'], data: { streamKey: 'news', number: 3 } });
    expect(verifyWebhookSignature((hit?.raw ?? '').replace('"number":3', '"number":4'), hit?.headers['x-ott-signature'], SECRET).ok).toBe(false);
    expect(verifyWebhookSignature(hit?.raw ?? '', hit?.headers['x-ott-signature'], 'another-secret-of-at-least-32-bytes!!').ok).toBe(false);
  });

  it('refuses a replayed body whose signed timestamp is older than the tolerance', async () => {
    const hooks = createWebhooks({ url: base, secret: SECRET });
    await hooks.onStreamEnd({ streamKey: 'news', reason: 'complete' });
    const [hit] = received;
    const later = Date.now() + 10 * 60 * 1000;
    expect(verifyWebhookSignature(hit?.raw ?? '', hit?.headers['x-ott-signature'], SECRET, { now: later })).toEqual({ ok: false, reason: 'stale' });
  });

  it('retries a notification after 5xx answers with the same delivery id, then delivers it', async () => {
    answers = [status(503), status(500)];
    const hooks = createWebhooks({ url: base, secret: SECRET, backoff: fast });
    const delivery = await hooks.onRecordingReady({ streamKey: 'news', path: 'out/live/news' });
    expect(delivery).toMatchObject({ delivered: true, attempts: 3 });
    expect(new Set(received.map((r) => r.headers['x-ott-delivery'])).size).toBe(1);
  });

  it('retries after a timeout and gives up after the configured retries with a WEBHOOK_FAILED warning', async () => {
    answers = [silent, silent, silent];
    const warnings: WarningEvent[] = [];
    const hooks = createWebhooks({ url: base, secret: SECRET, timeoutMs: 100, retries: 2, backoff: fast, onWarning: (w) => warnings.push(w) });
    const delivery = await hooks.onStreamEnd({ streamKey: 'news', reason: 'complete' });
    expect(delivery).toMatchObject({ delivered: false, attempts: 3 });
    expect(delivery.reason).toContain('no answer within 100 ms');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ type: 'warning', code: 'WEBHOOK_FAILED' });
  });

  it('does not retry a notification that the receiver refuses with 4xx', async () => {
    answers = [status(410, 'gone')];
    const hooks = createWebhooks({ url: base, secret: SECRET, backoff: fast });
    expect(await hooks.onSegment({ streamKey: 'a', renditionId: 'r', number: 1, path: 'r/seg-00001.m4s', durationSeconds: 2, bytes: 1 })).toMatchObject({ delivered: false, attempts: 1, status: 410 });
  });

  it('allows a decision on 2xx and refuses on 4xx with the reason from the body', async () => {
    answers = [status(200), status(403, '{"reason":"subscription expired"}'), status(401, 'banned viewer')];
    const hooks = createWebhooks({ urls: { play: `${base}/play`, publish: `${base}/publish` }, secret: SECRET });
    expect(await hooks.onPlay({ stream: 'news', path: '/news/master.m3u8' })).toEqual({ allowed: true, status: 200 });
    expect(await hooks.onPlay({ stream: 'news', path: '/news/master.m3u8' })).toEqual({ allowed: false, status: 403, reason: 'subscription expired' });
    expect(await hooks.onPublish({ streamKey: 'news', protocol: 'rtmp' })).toEqual({ allowed: false, status: 401, reason: 'banned viewer' });
    expect(received.map((r) => r.path)).toEqual(['/play', '/play', '/publish']);
  });

  it('fails closed by default and open when asked, on 5xx and on timeout, without retrying decisions', async () => {
    answers = [status(502), silent];
    const closed = createWebhooks({ url: base, secret: SECRET, timeoutMs: 100, onWarning: () => undefined });
    expect(await closed.onPublish({ streamKey: 'x' })).toMatchObject({ allowed: false, failed: true, status: 502 });
    expect(await closed.onPublish({ streamKey: 'x' })).toMatchObject({ allowed: false, failed: true });
    answers = [status(503)];
    const open = createWebhooks({ url: base, secret: SECRET, failOpen: true, onWarning: () => undefined });
    expect(await open.onPlay({ stream: 'x', path: '/x/master.m3u8' })).toMatchObject({ allowed: true, failed: true });
    expect(received).toHaveLength(3);
  });

  it('allows decisions and skips notifications for events without a URL', async () => {
    const hooks = createWebhooks({ urls: { segment: base }, secret: SECRET });
    expect(await hooks.onPlay({ stream: 'x', path: '/x/a.m3u8' })).toEqual({ allowed: true });
    expect(await hooks.onStreamEnd({ streamKey: 'x', reason: 'complete' })).toMatchObject({ delivered: false, attempts: 0 });
    expect(received).toHaveLength(0);
  });

  it('cancels a retry that is waiting when closed', async () => {
    answers = [status(503)];
    const warnings: WarningEvent[] = [];
    const hooks = createWebhooks({ url: base, secret: SECRET, backoff: { initialMs: 60_000 }, onWarning: (w) => warnings.push(w) });
    const delivery = hooks.onStreamEnd({ streamKey: 'x', reason: 'complete' });
    while (received.length === 0) await new Promise((resolve) => setImmediate(resolve));
    hooks.close();
    expect(await delivery).toMatchObject({ delivered: false, attempts: 1, reason: 'webhooks closed' });
    await hooks.settled();
    expect(warnings).toEqual([]);
  });

  it.each([
    [{ url: 'http://x', secret: 'short' }],
    [{ url: 'ftp://example.com/hook', secret: SECRET }],
    [{ url: 'http://x', secret: SECRET, retries: -1 }],
  ])('refuses invalid options with WEBHOOK_INVALID_OPTIONS', (options) => {
    let error: unknown;
    try {
      createWebhooks(options);
    } catch (caught) {
      error = caught;
    }
    expect(isOttError(error) && error.code).toBe('WEBHOOK_INVALID_OPTIONS');
  });
});
