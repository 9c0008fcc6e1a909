// Webhooks with @ott/core: a receiver that checks the signature (what your backend does) and a client that sends
// a play decision and notifications (what the origin and the live pipeline do). Run: npx tsx examples/webhooks.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhooks, verifyWebhookSignature, type WebhookBody } from '@ott/core';

const secret = process.env.OTT_WEBHOOK_SECRET ?? 'example-webhook-secret-change-me-32b!!';
const seen = new Set<string>(); // delivery ids: a replay inside the timestamp window is ignored

// The receiver: raw body → signature and timestamp check → dedupe → answer. 2xx allows, 4xx refuses.
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    const check = verifyWebhookSignature(raw, req.headers['x-ott-signature'], secret, { timestampHeader: String(req.headers['x-ott-timestamp']) });
    if (!check.ok) return void res.writeHead(401).end(check.reason);
    const body: WebhookBody = check.body;
    if (seen.has(body.id)) return void res.writeHead(200).end('duplicate');
    seen.add(body.id);
    console.log(`received ${body.event}: ${JSON.stringify(body.data)}`);
    if (body.event === 'play' && 'stream' in body.data && body.data.stream === 'private') {
      return void res.writeHead(403, { 'Content-Type': 'application/json' }).end('{"reason":"not your stream"}');
    }
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ott-hooks`;

// The client: pass `hooks` to startOrigin({ webhooks: hooks }) and to notifyWebhooks(hooks, { streamKey }).
const hooks = createWebhooks({ url, secret, timeoutMs: 3000, retries: 3, backoff: { initialMs: 500 }, onWarning: (w) => console.warn(w.message) });
console.log('play news:', await hooks.onPlay({ stream: 'news', path: '/news/master.m3u8' }));
console.log('play private:', await hooks.onPlay({ stream: 'private', path: '/private/master.m3u8' }));
console.log('segment:', await hooks.onSegment({ streamKey: 'news', renditionId: 'video_360p', number: 1, path: 'video_360p/seg-00001.m4s', durationSeconds: 2, bytes: 51234 }));
console.log('stream end:', await hooks.onStreamEnd({ streamKey: 'news', reason: 'complete' }));
await hooks.settled();
receiver.close();
