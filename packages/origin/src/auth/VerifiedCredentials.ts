/**
 * Credentials whose signature verified lately (a signed URL's MAC, a playback token), by their exact text, so that a
 * viewer's every part and playlist request does not verify the same signature again. An entry never outlives the
 * credential's own expiry nor `ttlMs`; only successes are kept (a flood of bad credentials costs what it did), and
 * at most `maxEntries` (the oldest go first). What the signature does not cover (the path, the stream, the clock) is
 * still checked on every request.
 */
export class VerifiedCredentials<T> {
  readonly #entries = new Map<string, { readonly value: T; readonly until: number }>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;

  constructor(maxEntries = 4096, ttlMs = 60_000) {
    this.#maxEntries = maxEntries;
    this.#ttlMs = ttlMs;
  }

  /** The remembered result for `key`, if it is still valid at `now` (ms). */
  get(key: string, now = Date.now()): T | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until > now) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  /** Remembers a verified credential until `validUntil` (ms), or `ttlMs` from `now` if sooner. */
  set(key: string, value: T, validUntil: number, now = Date.now()): void {
    const until = Math.min(validUntil, now + this.#ttlMs);
    if (until <= now) return;
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, until });
  }
}
