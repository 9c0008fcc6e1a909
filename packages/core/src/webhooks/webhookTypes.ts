import type { WarningEvent } from '../events/events.js';

/** The events a {@link Webhooks} client posts: `publish` and `play` are decisions, the others notifications. */
export type WebhookEventName = 'publish' | 'play' | 'stream-end' | 'segment' | 'recording-ready';

/** A publisher wants to publish (asked by an ingest before it accepts the stream). */
export interface PublishHook {
  readonly streamKey: string;
  readonly protocol?: string;
  readonly remoteAddress?: string;
  /** Query parameters the publisher sent with the stream key (`?token=…`). */
  readonly query?: Readonly<Record<string, string>>;
}

/** A viewer asks for a stream's first playlist or MPD (asked by the origin). */
export interface PlayHook {
  readonly stream: string;
  /** The requested path (`/<stream>/master.m3u8`). */
  readonly path: string;
  readonly remoteAddress?: string;
  readonly userAgent?: string;
  /** The playback token's `sub` claim, when a token was checked. */
  readonly subject?: string;
}

/** A live stream ended (its pipeline completed or failed). */
export interface StreamEndHook {
  readonly streamKey: string;
  readonly reason: 'complete' | 'error';
  /** The error message when `reason` is `error`. */
  readonly error?: string;
}

/** A segment is durable in storage. */
export interface SegmentHook {
  readonly streamKey: string;
  readonly renditionId: string;
  readonly number: number;
  readonly path: string;
  readonly durationSeconds: number;
  readonly bytes: number;
}

/** A recording (an ended live stream, now VOD) is complete at `path`. */
export interface RecordingReadyHook {
  readonly streamKey: string;
  readonly path: string;
}

/** Payload type by event. */
export interface WebhookPayloads {
  publish: PublishHook;
  play: PlayHook;
  'stream-end': StreamEndHook;
  segment: SegmentHook;
  'recording-ready': RecordingReadyHook;
}

/** The JSON body of every webhook POST. */
export interface WebhookBody<E extends WebhookEventName = WebhookEventName> {
  readonly event: E;
  /** Delivery id (a UUID), the same on every retry: receivers deduplicate on it. */
  readonly id: string;
  /** Unix time in seconds when this attempt was sent; equals the `X-Ott-Timestamp` header (signed, as part of the body). */
  readonly timestamp: number;
  readonly data: WebhookPayloads[E];
}

/**
 * The answer to a decision (`onPublish`, `onPlay`): `allowed`, and why not. `failed` is `true` when the webhook
 * gave no usable answer (timeout, network error, 3xx/5xx) and the failure policy decided.
 */
export interface WebhookDecision {
  readonly allowed: boolean;
  readonly reason?: string;
  /** HTTP status of the answer, if any. */
  readonly status?: number;
  readonly failed?: boolean;
}

/** How a notification went: `delivered` after a 2xx; `attempts` made (0 when no URL is configured for the event). */
export interface WebhookDelivery {
  readonly delivered: boolean;
  readonly attempts: number;
  readonly status?: number;
  /** Why it was not delivered. */
  readonly reason?: string;
}

/** Exponential backoff between notification attempts: `initialMs × factor^(n-1)`, at most `maxMs`. */
export interface WebhookBackoff {
  /** Wait before the first retry, in ms (default 1000). */
  readonly initialMs?: number;
  /** Multiplier per retry (default 2). */
  readonly factor?: number;
  /** Longest wait, in ms (default 30 000). */
  readonly maxMs?: number;
}

/** Options of `createWebhooks`. */
export interface WebhooksOptions {
  /** The URL every event is POSTed to, unless `urls` names one for the event. */
  readonly url?: string;
  /** URLs per event; an event with neither a URL here nor `url` is not sent (decisions then allow). */
  readonly urls?: Readonly<Partial<Record<WebhookEventName, string>>>;
  /** HMAC-SHA256 key of `X-Ott-Signature`, at least 32 bytes (`openssl rand -hex 32`). */
  readonly secret: string | Uint8Array;
  /** Time for one attempt, in ms (default 5000). */
  readonly timeoutMs?: number;
  /** Retries of a notification after a timeout, network error, 408, 429 or 5xx (default 3). Decisions are asked once. */
  readonly retries?: number;
  readonly backoff?: WebhookBackoff;
  /**
   * What a decision is when the webhook gives no usable answer (timeout, network error, 3xx, 5xx): `false` (default,
   * fail closed) refuses, `true` allows.
   */
  readonly failOpen?: boolean;
  /** Receives a `WEBHOOK_FAILED` warning for every notification that was given up, and for every failed decision. */
  readonly onWarning?: (warning: WarningEvent) => void;
}

/** A webhooks client (`createWebhooks`). Never throws or rejects from its event methods. */
export interface Webhooks {
  /** Asks whether a publisher may publish: 2xx allows, 4xx refuses (the reason from the body). */
  onPublish(payload: PublishHook): Promise<WebhookDecision>;
  /** Asks whether a viewer may play: 2xx allows, 4xx refuses (the reason from the body). */
  onPlay(payload: PlayHook): Promise<WebhookDecision>;
  onStreamEnd(payload: StreamEndHook): Promise<WebhookDelivery>;
  onSegment(payload: SegmentHook): Promise<WebhookDelivery>;
  onRecordingReady(payload: RecordingReadyHook): Promise<WebhookDelivery>;
  /** Resolves once every delivery started so far has finished (delivered or given up). */
  settled(): Promise<void>;
  /** Cancels waiting retries and requests in flight (they resolve as not delivered); later calls send nothing. */
  close(): void;
}
