import { Observable, Subject } from 'rxjs';
import type { LiveInput, LiveProtocol, LiveStream, LiveStreamItem, PublisherEvent, StreamHealthEvent, WarningCode, WarningEvent } from '@ott/core';
import { HealthMeter } from './HealthMeter.js';

/** Options of a {@link LiveStreamHub}. */
export interface LiveStreamHubOptions {
  readonly protocol: LiveProtocol;
  /**
   * How long a stream waits for its publisher to come back before it ends (ms, default 10 000). A publisher that
   * reconnects within it continues the same stream as a new session (a discontinuity, not a new stream).
   */
  readonly graceMs?: number;
  /** Interval of `stream-health` events (ms, default 1000; 0 for none). */
  readonly healthIntervalMs?: number;
}

/** What an ingest knows when a publisher starts sending: the media part of a {@link LiveInput}. */
export type PublishRequest = Pick<LiveInput, 'format' | 'data' | 'inputArgs' | 'video' | 'audio' | 'remoteAddress'>;

/** The ingest's handle on one publisher session. */
export interface PublisherSession {
  readonly streamKey: string;
  readonly session: number;
  /** Feed of the session's health (bytes, frames). */
  readonly health: HealthMeter;
  /** The publisher left (or was dropped): starts the grace period. Idempotent. */
  end(reason?: string): void;
}

interface StreamState {
  readonly streamKey: string;
  readonly items: Subject<LiveStreamItem>;
  readonly buffered: LiveStreamItem[];
  subscribed: boolean;
  completed: boolean;
  session: number;
  active: PublisherSession | undefined;
  graceTimer: NodeJS.Timeout | undefined;
}

/**
 * The bookkeeping every live ingest shares (RTMP, SRT, RTSP, WHIP, file): one {@link LiveStream} per stream key,
 * publisher sessions on it, `publisher` connect/disconnect events, periodic `stream-health` events, and the grace
 * period during which a dropped publisher may come back and continue the same stream.
 *
 * @example
 * ```ts
 * declare const ladder: Ladder, flvStream: import('node:stream').Readable;
 * const hub = new LiveStreamHub({ protocol: 'rtmp', graceMs: 5000 });
 * hub.streams.subscribe((stream) => stream.items.pipe(transcodeLive(ladder), packageLive(), toFolder(`out/${stream.streamKey}`)).subscribe());
 * const session = hub.publish('cam1', { format: 'flv', data: flvStream });
 * // … later
 * session.end('publisher closed the connection');
 * ```
 */
export class LiveStreamHub {
  private readonly states = new Map<string, StreamState>();
  private readonly streamSubject = new Subject<LiveStream>();
  private readonly eventSubject = new Subject<PublisherEvent | StreamHealthEvent | WarningEvent>();
  private readonly graceMs: number;
  private readonly healthIntervalMs: number;
  private closed = false;

  /** Streams as their first publisher arrives (not again for a reconnect within the grace period). */
  readonly streams: Observable<LiveStream> = this.streamSubject.asObservable();
  /** Every publisher/health/warning event of every stream, plus refusals (which belong to no stream). */
  readonly events: Observable<PublisherEvent | StreamHealthEvent | WarningEvent> = this.eventSubject.asObservable();

  constructor(private readonly options: LiveStreamHubOptions) {
    this.graceMs = options.graceMs ?? 10_000;
    this.healthIntervalMs = options.healthIntervalMs ?? 1000;
  }

  /** True while a publisher is connected on `streamKey` (a second publisher on the same key should be refused). */
  isPublishing(streamKey: string): boolean {
    return this.states.get(streamKey)?.active !== undefined;
  }

  /** Stream keys with a connected publisher. */
  activeStreamKeys(): string[] {
    return [...this.states.values()].filter((s) => s.active !== undefined).map((s) => s.streamKey);
  }

  /** Reports a refused publisher (bad key, authorisation hook said no). */
  refused(streamKey: string, reason: string, remoteAddress?: string): void {
    this.eventSubject.next({ type: 'publisher', action: 'refused', streamKey, protocol: this.options.protocol, reason, ...(remoteAddress ? { remoteAddress } : {}) });
  }

  /** Reports a recoverable problem of one stream. */
  warn(streamKey: string, code: WarningCode, message: string): void {
    const warning: WarningEvent = { type: 'warning', stage: 'ingest', code, message };
    const state = this.states.get(streamKey);
    if (state) this.emit(state, warning);
    else this.eventSubject.next(warning);
  }

  /**
   * Starts a publisher session on `streamKey`: continues the stream if it is within its grace period, else starts a
   * new stream (emitted on {@link streams}). Throws if a publisher is already connected on the key or the hub is closed.
   */
  publish(streamKey: string, request: PublishRequest): PublisherSession {
    if (this.closed) throw new Error('The ingest is closed.');
    let state = this.states.get(streamKey);
    if (state?.active) throw new Error(`Stream "${streamKey}" already has a publisher.`);
    const isNew = state === undefined;
    if (!state) {
      state = { streamKey, items: new Subject(), buffered: [], subscribed: false, completed: false, session: 0, active: undefined, graceTimer: undefined };
      this.states.set(streamKey, state);
    }
    if (state.graceTimer) clearTimeout(state.graceTimer);
    state.graceTimer = undefined;
    state.session += 1;
    const stateRef = state;
    const protocol = this.options.protocol;
    const health = new HealthMeter(streamKey, protocol);
    const sessionNumber = state.session;
    let ended = false;
    const healthTimer = this.healthIntervalMs > 0 ? setInterval(() => this.emit(stateRef, health.sample()), this.healthIntervalMs) : undefined;
    healthTimer?.unref();
    const session: PublisherSession = {
      streamKey,
      session: sessionNumber,
      health,
      end: (reason) => {
        if (ended) return;
        ended = true;
        if (healthTimer) clearInterval(healthTimer);
        if (stateRef.active === session) stateRef.active = undefined;
        this.emit(stateRef, { type: 'publisher', action: 'disconnect', streamKey, protocol, session: sessionNumber, ...(reason ? { reason } : {}), ...(request.remoteAddress ? { remoteAddress: request.remoteAddress } : {}) });
        if (this.closed) return this.complete(stateRef);
        stateRef.graceTimer = setTimeout(() => this.complete(stateRef), this.graceMs);
      },
    };
    state.active = session;
    const input: LiveInput = {
      type: 'live-input',
      streamKey,
      protocol,
      session: sessionNumber,
      startedAt: Date.now(),
      format: request.format,
      data: request.data,
      ...(request.inputArgs ? { inputArgs: request.inputArgs } : {}),
      ...(request.video ? { video: request.video } : {}),
      ...(request.audio ? { audio: request.audio } : {}),
      ...(request.remoteAddress ? { remoteAddress: request.remoteAddress } : {}),
    };
    this.emit(state, { type: 'publisher', action: 'connect', streamKey, protocol, session: sessionNumber, ...(request.remoteAddress ? { remoteAddress: request.remoteAddress } : {}) });
    this.emit(state, input);
    if (isNew) this.streamSubject.next({ streamKey, protocol, items: this.itemsOf(state) });
    return session;
  }

  /** Ends every stream now (no grace period) and completes {@link streams}. Publishers still connected are ended. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const state of this.states.values()) {
      if (state.active) state.active.end('ingest closed');
      else this.complete(state);
    }
    this.streamSubject.complete();
    this.eventSubject.complete();
  }

  private emit(state: StreamState, item: LiveStreamItem): void {
    if (item.type !== 'live-input') this.eventSubject.next(item);
    if (state.completed) return;
    if (state.subscribed) state.items.next(item);
    else state.buffered.push(item);
  }

  private complete(state: StreamState): void {
    if (state.completed) return;
    if (state.graceTimer) clearTimeout(state.graceTimer);
    state.completed = true;
    this.states.delete(state.streamKey);
    if (state.subscribed) state.items.complete();
  }

  private itemsOf(state: StreamState): Observable<LiveStreamItem> {
    return new Observable<LiveStreamItem>((subscriber) => {
      if (state.subscribed) {
        subscriber.error(new Error(`Stream "${state.streamKey}" already has a subscriber.`));
        return undefined;
      }
      state.subscribed = true;
      for (const item of state.buffered.splice(0)) subscriber.next(item);
      if (state.completed) {
        subscriber.complete();
        return undefined;
      }
      return state.items.subscribe(subscriber);
    });
  }
}
