// examples/webhooks.ts — npx tsx examples/webhooks.ts (a receiver that checks signatures, and a client)
import { createWebhooks, verifyWebhookSignature } from '@ott/core';

const hooks = createWebhooks({ url, secret, timeoutMs: 3000, retries: 3, backoff: { initialMs: 500 }, onWarning: (w) => console.warn(w.message) });
await hooks.onPlay({ stream: 'news', path: '/news/master.m3u8' });            // { allowed: true, status: 204 }
await hooks.onSegment({ streamKey: 'news', renditionId: 'video_360p', number: 1, path: 'video_360p/seg-00001.m4s', durationSeconds: 2, bytes: 51234 });
