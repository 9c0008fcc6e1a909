/** What the authorisation hook and the webhook learn about a publisher. */
export interface RtmpPublishRequest {
  /** The stream key, without its query (`key` of `key?token=abc`). */
  readonly streamKey: string;
  /** The RTMP application (`live` of `rtmp://host/live/key`), without its query. */
  readonly app: string;
  readonly remoteAddress: string;
  /** Query parameters of the stream key and of the app (the stream key's win), e.g. `{ token: 'abc' }`. */
  readonly query: Readonly<Record<string, string>>;
}

/**
 * Decides whether a publisher may publish: `true` allows; `false` or a string (the refusal reason, sent to the
 * publisher and reported in the `publisher` `refused` event) refuses. A hook that throws refuses.
 */
export type RtmpAuthorize = (request: RtmpPublishRequest) => boolean | string | Promise<boolean | string>;

/** The authorisation steps of an RTMP server. */
export interface AuthorizeOptions {
  readonly authorize?: RtmpAuthorize;
  /** URL POSTed `{ streamKey, app, remoteAddress, query }` as JSON: a 2xx answer allows, anything else refuses. */
  readonly webhook?: string;
  /** How long to wait for the webhook (ms, default 5000); no answer in time refuses. */
  readonly webhookTimeoutMs?: number;
}

/**
 * Runs the hook, then the webhook (both must allow). Resolves to the refusal reason, or `undefined` when allowed;
 * never rejects.
 */
export async function authorizePublisher(request: RtmpPublishRequest, options: AuthorizeOptions): Promise<string | undefined> {
  if (options.authorize) {
    let verdict: boolean | string;
    try {
      verdict = await options.authorize(request);
    } catch (error) {
      return `authorisation hook failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (verdict !== true) return typeof verdict === 'string' && verdict.length > 0 ? verdict : 'not authorised';
  }
  if (options.webhook) return callWebhook(options.webhook, request, options.webhookTimeoutMs ?? 5000);
  return undefined;
}

async function callWebhook(url: string, request: RtmpPublishRequest, timeoutMs: number): Promise<string | undefined> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ streamKey: request.streamKey, app: request.app, remoteAddress: request.remoteAddress, query: request.query }),
      redirect: 'manual', // a redirect is not a 2xx: refuse rather than follow it somewhere else
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return undefined;
    return `authorisation webhook answered ${response.status}`;
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return timedOut ? `authorisation webhook did not answer within ${timeoutMs} ms` : `authorisation webhook failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}
