import { randomUUID } from 'node:crypto';
import { OttError } from '../errors/OttError.js';
import { postWebhook } from './postWebhook.js';
import type { WebhookDecision, WebhookDelivery, WebhookEventName, WebhookPayloads, Webhooks, WebhooksOptions } from './webhookTypes.js';

/** Shortest HMAC key accepted, in bytes (RFC 2104 §3: not shorter than the hash output, 32 bytes for SHA-256). */
const MIN_SECRET_BYTES = 32;

/**
 * Creates a webhooks client. Every event is a POST of JSON `{ event, id, timestamp, data }` with
 * `X-Ott-Signature: sha256=<hex HMAC-SHA256 of the body>`, `X-Ott-Timestamp` (the body's timestamp, signed with it:
 * receivers refuse stale ones, see `verifyWebhookSignature`), `X-Ott-Event` and `X-Ott-Delivery` (the `id`, the same
 * on retries).
 *
 * - Decisions (`onPublish`, `onPlay`) are asked once: 2xx allows, 4xx refuses with the reason from the body (JSON
 *   `reason`/`error`, or text); a timeout, network error, 3xx or 5xx is decided by `failOpen` (default: refuse).
 * - Notifications (`onStreamEnd`, `onSegment`, `onRecordingReady`) are retried after a timeout, network error, 408,
 *   429 or 5xx, with exponential backoff; a 4xx is final. They resolve when delivered or given up (then
 *   `onWarning` gets `WEBHOOK_FAILED`); callers need not wait for them.
 *
 * Throws `WEBHOOK_INVALID_OPTIONS` for a short secret, a URL that is not http(s), or bad numbers.
 *
 * @example
 * ```ts
 * const hooks = createWebhooks({ url: 'https://api.example.com/ott-hooks', secret: process.env.HOOK_SECRET! });
 * const { allowed, reason } = await hooks.onPlay({ stream: 'news', path: '/news/master.m3u8' });
 * ```
 */
export function createWebhooks(options: WebhooksOptions): Webhooks {
  const settings = validate(options);
  const pending = new Set<Promise<unknown>>();
  const abort = new AbortController();
  const warn = (message: string): void => options.onWarning?.({ type: 'warning', stage: 'core', code: 'WEBHOOK_FAILED', message });

  const track = <T>(work: Promise<T>): Promise<T> => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
    return work;
  };

  const decide = <E extends 'publish' | 'play'>(event: E, data: WebhookPayloads[E]): Promise<WebhookDecision> => {
    const url = urlOf(options, event);
    if (url === undefined) return Promise.resolve({ allowed: true });
    if (abort.signal.aborted) return Promise.resolve(failure(event, 'webhooks closed'));
    return track(
      postWebhook(url, event, data, { secret: options.secret, timeoutMs: settings.timeoutMs, id: randomUUID(), signal: abort.signal }).then((attempt) => {
        if (attempt.kind === 'ok') return { allowed: true, status: attempt.status };
        if (attempt.kind === 'refused') return { allowed: false, status: attempt.status, reason: attempt.reason };
        return failure(event, attempt.reason, attempt.status);
      }),
    );
  };

  const failure = (event: WebhookEventName, reason: string, status?: number): WebhookDecision => {
    warn(`${event} webhook gave no answer (${reason}); ${settings.failOpen ? 'allowed (failOpen)' : 'refused (fail closed)'}`);
    return { allowed: settings.failOpen, failed: true, reason: `${event} webhook unavailable: ${reason}`, ...(status === undefined ? {} : { status }) };
  };

  const notify = <E extends 'stream-end' | 'segment' | 'recording-ready'>(event: E, data: WebhookPayloads[E]): Promise<WebhookDelivery> => {
    const url = urlOf(options, event);
    if (url === undefined) return Promise.resolve({ delivered: false, attempts: 0, reason: 'no URL for this event' });
    if (abort.signal.aborted) return Promise.resolve({ delivered: false, attempts: 0, reason: 'webhooks closed' });
    return track(deliver(url, event, data));
  };

  const deliver = async <E extends WebhookEventName>(url: string, event: E, data: WebhookPayloads[E]): Promise<WebhookDelivery> => {
    const id = randomUUID();
    let attempts = 0;
    for (;;) {
      attempts++;
      const attempt = await postWebhook(url, event, data, { secret: options.secret, timeoutMs: settings.timeoutMs, id, signal: abort.signal });
      if (attempt.kind === 'ok') return { delivered: true, attempts, status: attempt.status };
      const final = attempt.kind === 'refused' || !attempt.retryable || attempts > settings.retries;
      if (final || !(await pause(settings.delayMs(attempts), abort.signal))) {
        const reason = abort.signal.aborted ? 'webhooks closed' : attempt.reason;
        if (!abort.signal.aborted) warn(`${event} webhook ${id} given up after ${attempts} attempt(s): ${reason}`);
        return { delivered: false, attempts, reason, ...(attempt.status === undefined ? {} : { status: attempt.status }) };
      }
    }
  };

  return {
    onPublish: (payload) => decide('publish', payload),
    onPlay: (payload) => decide('play', payload),
    onStreamEnd: (payload) => notify('stream-end', payload),
    onSegment: (payload) => notify('segment', payload),
    onRecordingReady: (payload) => notify('recording-ready', payload),
    settled: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    close: () => abort.abort(),
  };
}

interface Settings {
  readonly timeoutMs: number;
  readonly retries: number;
  readonly failOpen: boolean;
  readonly delayMs: (attempt: number) => number;
}

function validate(options: WebhooksOptions): Settings {
  const fail = (message: string): never => {
    throw new OttError('WEBHOOK_INVALID_OPTIONS', message, { stage: 'core' });
  };
  const secretBytes = typeof options.secret === 'string' ? Buffer.byteLength(options.secret) : options.secret?.byteLength ?? 0;
  if (secretBytes < MIN_SECRET_BYTES) fail(`the webhook secret must be at least ${MIN_SECRET_BYTES} bytes, got ${secretBytes}. Generate one with 'openssl rand -hex 32'.`);
  for (const url of [options.url, ...Object.values(options.urls ?? {})]) {
    if (url === undefined) continue;
    let protocol = '';
    try {
      protocol = new URL(url).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'http:' && protocol !== 'https:') fail(`webhook URLs must be http(s) URLs, got '${url}'`);
  }
  const number = (value: number | undefined, fallback: number, name: string, min: number): number => {
    const chosen = value ?? fallback;
    if (!Number.isFinite(chosen) || chosen < min) fail(`webhook option ${name} must be a number ≥ ${min}, got ${value}`);
    return chosen;
  };
  const timeoutMs = number(options.timeoutMs, 5000, 'timeoutMs', 1);
  const retries = Math.floor(number(options.retries, 3, 'retries', 0));
  const initialMs = number(options.backoff?.initialMs, 1000, 'backoff.initialMs', 0);
  const factor = number(options.backoff?.factor, 2, 'backoff.factor', 1);
  const maxMs = number(options.backoff?.maxMs, 30_000, 'backoff.maxMs', 0);
  return { timeoutMs, retries, failOpen: options.failOpen ?? false, delayMs: (attempt) => Math.min(maxMs, initialMs * factor ** (attempt - 1)) };
}

function urlOf(options: WebhooksOptions, event: WebhookEventName): string | undefined {
  return options.urls?.[event] ?? options.url;
}

/** Waits `ms`; resolves `false` at once when `signal` aborts (the client was closed). */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
