import type { PlayHook, WebhookDecision, Webhooks } from '@ott/core';

/** Options of {@link PlayDecisions}. */
export interface PlayDecisionsOptions {
  /** How long a decision is reused for the same viewer, in ms. */
  readonly ttlMs: number;
  /** Most viewers remembered; the oldest is forgotten first (default 10 000). */
  readonly maxEntries?: number;
}

/** How long a decision the webhook did not make (timeout, 5xx) is reused: short, so a recovered webhook is asked soon. */
const FAILED_TTL_MS = 5000;

/**
 * The `onPlay` decisions of an origin, cached per viewer (stream + credential + address) for a short time: a
 * player's first playlist request asks the webhook, the next ones (media playlists, reloads) reuse the answer, and
 * concurrent first requests share one question. Bounded: the oldest entry goes first.
 */
export class PlayDecisions {
  readonly #webhooks: Pick<Webhooks, 'onPlay'>;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, { expires: number; decision: Promise<WebhookDecision> }>();

  constructor(webhooks: Pick<Webhooks, 'onPlay'>, options: PlayDecisionsOptions) {
    this.#webhooks = webhooks;
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  /** The decision for `key`, asked with `payload` when none is remembered. Never rejects (a throwing hook refuses). */
  decide(key: string, payload: PlayHook): Promise<WebhookDecision> {
    const now = Date.now();
    const known = this.#entries.get(key);
    if (known !== undefined && known.expires > now) return known.decision;
    if (known !== undefined) this.#entries.delete(key);
    while (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
    const entry = {
      expires: now + this.#ttlMs,
      decision: this.#ask(payload, () => {
        entry.expires = Math.min(entry.expires, Date.now() + Math.min(this.#ttlMs, FAILED_TTL_MS));
      }),
    };
    this.#entries.set(key, entry);
    return entry.decision;
  }

  #ask(payload: PlayHook, onFailed: () => void): Promise<WebhookDecision> {
    return Promise.resolve()
      .then(() => this.#webhooks.onPlay(payload))
      .catch((error: unknown): WebhookDecision => ({ allowed: false, failed: true, reason: `play hook failed: ${error instanceof Error ? error.message : String(error)}` }))
      .then((decision) => {
        if (decision.failed === true) onFailed();
        return decision;
      });
  }

  /** Number of remembered viewers. */
  get size(): number {
    return this.#entries.size;
  }
}
