import { signWebhookBody, WEBHOOK_HEADERS } from './signWebhookBody.js';
import type { WebhookBody, WebhookEventName, WebhookPayloads } from './webhookTypes.js';

/** How one POST went: a 2xx, a refusal (4xx other than 408/429), or a failure (retryable or not). */
export type WebhookAttempt =
  | { readonly kind: 'ok'; readonly status: number }
  | { readonly kind: 'refused'; readonly status: number; readonly reason: string }
  | { readonly kind: 'failed'; readonly status?: number; readonly reason: string; readonly retryable: boolean };

/** What one attempt needs. */
export interface AttemptOptions {
  readonly secret: string | Uint8Array;
  readonly timeoutMs: number;
  /** Delivery id, the same on every retry. */
  readonly id: string;
  /** Aborts the attempt (client closed). */
  readonly signal: AbortSignal;
}

/** Longest part of an answer body read for a refusal reason. */
const MAX_REASON_BYTES = 4096;

/**
 * POSTs one signed webhook body and classifies the answer. Redirects are not followed (`redirect: 'manual'`: a
 * signed body is never re-sent to a place the configuration did not name). Never rejects.
 */
export async function postWebhook<E extends WebhookEventName>(url: string, event: E, data: WebhookPayloads[E], options: AttemptOptions): Promise<WebhookAttempt> {
  const timestamp = Math.floor(Date.now() / 1000);
  const body: WebhookBody<E> = { event, id: options.id, timestamp, data };
  const text = JSON.stringify(body);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'ott-webhooks',
        [WEBHOOK_HEADERS.event]: event,
        [WEBHOOK_HEADERS.delivery]: options.id,
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhookBody(text, options.secret),
      },
      body: text,
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
    });
  } catch (error) {
    if (options.signal.aborted) return { kind: 'failed', reason: 'closed', retryable: false };
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return { kind: 'failed', reason: timedOut ? `no answer within ${options.timeoutMs} ms` : `request failed: ${messageOf(error)}`, retryable: true };
  }
  const { status } = response;
  if (status >= 200 && status < 300) {
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'ok', status };
  }
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return { kind: 'refused', status, reason: (await readReason(response)) || `answered ${status}` };
  }
  await response.body?.cancel().catch(() => undefined);
  return { kind: 'failed', status, reason: `answered ${status}`, retryable: status >= 500 || status === 408 || status === 429 };
}

/** The refusal reason of an answer: a JSON `reason` (or `error`) string, else the start of the text body. */
async function readReason(response: Response): Promise<string> {
  let text = '';
  try {
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let bytes = 0;
    while (reader !== undefined && bytes < MAX_REASON_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      text += decoder.decode(value, { stream: true });
    }
    await reader?.cancel().catch(() => undefined);
  } catch {
    return '';
  }
  try {
    const parsed = JSON.parse(text) as { reason?: unknown; error?: unknown };
    const reason = typeof parsed.reason === 'string' ? parsed.reason : typeof parsed.error === 'string' ? parsed.error : undefined;
    if (reason !== undefined) return clean(reason);
  } catch {
    // not JSON: the text itself
  }
  return clean(text);
}

/** One line, printable, at most 200 characters (the reason reaches logs and HTTP headers). */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 200);
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
