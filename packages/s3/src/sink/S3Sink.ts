import { PublishQueue } from '@ott/core';
import type { PipelineEvent, PublishItem, WarningCode } from '@ott/core';
import { describeS3Error } from '../client/isRetryableS3Error.js';
import { S3Unavailable } from '../client/S3Store.js';
import type { S3Store } from '../client/S3Store.js';
import type { ResolvedS3Options } from '../S3SinkOptions.js';
import { drainBatch } from '../spool/drainBatch.js';
import { Spool } from '../spool/Spool.js';
import { Signals } from './Signals.js';
import { notDrainedError } from './sinkMessages.js';
import { SpoolWriter } from './SpoolWriter.js';
import { sinkOpOf } from './sinkOpOf.js';
import type { PartOffsets, SinkOp } from './sinkOpOf.js';

/** Where the sink reports to (the operator's subscriber). */
export interface SinkOutput {
  next(event: PipelineEvent): void;
  error(error: unknown): void;
  complete(): void;
}

/** `opening`: the spool is being read; `online`: uploads go straight to S3; `outage`: everything goes through the spool. */
type Mode = 'opening' | 'online' | 'outage';
/** `failing`: giving up at shutdown, flushing memory into the spool before the error. */
type State = 'running' | 'failing' | 'done';

/**
 * The engine of {@link toS3}. Online, items upload from memory a few at a time, manifests and removals waiting for
 * everything before them. The first upload that finds S3 unreachable starts an outage: that item, the queued ones and
 * every later one go to the spool folder in order (memory holds only what waits for spool space), a prober retries
 * with backoff, and once S3 answers the spool drains (see `planDrain`) until it is empty; then uploads go straight to
 * S3 again.
 */
export class S3Sink {
  readonly #store: S3Store;
  readonly #options: ResolvedS3Options;
  readonly #out: SinkOutput;
  #spool: Spool | undefined;
  /** Items that cannot go to S3 now, on their way to the spool (made once the spool is open). */
  #writer: SpoolWriter | undefined;
  #mode: Mode = 'opening';
  #state: State = 'running';
  #seq = 0;
  readonly #early: PublishItem[] = [];
  /** Online uploads, in the publish order every sink shares. */
  readonly #queue: PublishQueue<SinkOp>;
  readonly #offsets: PartOffsets = new Map();
  readonly #signals = new Signals();
  #recovering = false;
  #upstreamDone = false;
  #outageSince = 0;
  #drained = 0;
  #shutdownTimer: NodeJS.Timeout | undefined;

  constructor(store: S3Store, options: ResolvedS3Options, out: SinkOutput) {
    this.#store = store;
    this.#options = options;
    this.#out = out;
    this.#queue = new PublishQueue<SinkOp>(options.concurrency, {
      run: ({ entry, chunks }) => (entry.op === 'del' ? store.remove(entry.key) : store.put({ key: entry.key, kind: entry.kind, size: entry.size, body: { type: 'bytes', chunks } })),
      published: (op) => {
        if (op.entry.op === 'put' && op.entry.event !== undefined) out.next(op.entry.event);
      },
      failed: (op, error) => this.#uploadFailed(op, error),
      settled: () => {
        this.#signals.notify();
        this.#checkComplete();
      },
    });
    void this.#open();
  }

  /** An output item or removal from upstream. */
  accept(item: PublishItem): void {
    if (this.#state !== 'running') return;
    if (this.#mode === 'opening') this.#early.push(item);
    else this.#accept(item);
  }

  /** Upstream completed: finish every upload, waiting up to `shutdownTimeoutMs` for S3 if it is down. */
  complete(): void {
    this.#upstreamDone = true;
    if (this.#mode !== 'online') this.#armShutdown();
    this.#checkComplete();
  }

  /** Upstream failed or a fatal problem: stop, report `error` (the spool keeps what it holds). */
  fail(error: unknown): void {
    if (this.#state === 'done') return;
    this.#stop();
    this.#out.error(error);
  }

  /** Unsubscribed: stop without a report. Spooled items stay in the spool folder; items only in memory are dropped. */
  cancel(): void {
    if (this.#state !== 'done') this.#stop();
  }

  async #open(): Promise<void> {
    try {
      this.#spool = await Spool.open(this.#options.spoolDir, { bucket: this.#options.bucket, prefix: this.#options.prefix });
    } catch (error) {
      this.fail(error);
      return;
    }
    if (this.#state !== 'running') return;
    this.#writer = new SpoolWriter(this.#spool, this.#options, {
      running: () => this.#state === 'running',
      warn: (code, message) => this.#warn(code, message),
      fail: (error) => this.fail(error),
      changed: () => this.#signals.notify(),
    });
    this.#seq = this.#spool.lastSeq;
    if (this.#spool.size > 0) {
      this.#warn('S3_SPOOL_RECOVERED', `The spool folder ${this.#options.spoolDir} holds ${this.#spool.size} operations of an earlier run: uploading them first, in order.`);
      this.#enterOutage(undefined);
    } else this.#mode = 'online';
    for (const item of this.#early.splice(0)) this.#accept(item);
    this.#checkComplete();
  }

  #accept(item: PublishItem): void {
    let op: SinkOp;
    try {
      op = sinkOpOf(item, ++this.#seq, this.#options.prefix, this.#offsets);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (this.#mode === 'online') this.#queue.push(op);
    else {
      op.flow?.enqueue(op.bytes);
      this.#writer?.add(op);
    }
  }

  /** An upload failed: S3 is down (the item and everything after it go to the spool) or refused it (fatal). */
  #uploadFailed(op: SinkOp, error: unknown): void {
    if (this.#state !== 'running' || !(error instanceof S3Unavailable)) {
      op.flow?.done(op.bytes);
      if (this.#state === 'running') this.fail(error);
      return;
    }
    if (this.#mode === 'online') this.#enterOutage(error);
    this.#writer?.add(op);
  }

  #enterOutage(cause: unknown): void {
    this.#mode = 'outage';
    this.#outageSince = Date.now();
    this.#drained = 0;
    this.#writer?.outageStarted();
    for (const op of this.#queue.hold()) this.#writer?.add(op);
    if (cause !== undefined) {
      this.#warn(
        'S3_OUTAGE',
        `${cause instanceof S3Unavailable ? cause.message : describeS3Error(cause)}: S3 bucket "${this.#options.bucket}" is unreachable, ` +
          `spooling to ${this.#options.spoolDir}; everything is uploaded in order once it is back.`,
      );
    }
    if (this.#upstreamDone) this.#armShutdown();
    void this.#recover(cause === undefined);
  }

  /** Probes S3 with backoff and drains the spool once it answers; ends when uploads go straight to S3 again. */
  async #recover(immediately: boolean): Promise<void> {
    if (this.#recovering) return;
    this.#recovering = true;
    let wait = immediately ? 0 : this.#options.baseDelayMs;
    try {
      while (this.#state === 'running') {
        await this.#signals.sleep(wait);
        wait = Math.min(this.#options.maxDelayMs, Math.max(this.#options.baseDelayMs, wait * 2));
        if (this.#state !== 'running' || this.#queue.inFlight > 0) continue;
        try {
          await this.#store.probe();
          if (await this.#drainAll()) return;
        } catch (error) {
          if (!(error instanceof S3Unavailable)) {
            this.fail(error);
            return;
          }
        }
      }
    } finally {
      this.#recovering = false;
      this.#signals.notify();
    }
  }

  /** Drains spool batches until nothing is left, then switches back to direct uploads (synchronously, at that point). */
  async #drainAll(): Promise<boolean> {
    const spool = this.#spool as Spool;
    while (this.#state === 'running') {
      const batch = spool.snapshot();
      if (batch.length === 0) {
        spool.unlock();
        const writer = this.#writer as SpoolWriter;
        if (!writer.busy) {
          this.#backOnline();
          return true;
        }
        writer.roomMade();
        await writer.settled();
        continue;
      }
      try {
        this.#drained += await drainBatch(batch, {
          store: this.#store,
          spool,
          concurrency: this.#options.concurrency,
          onEvent: (event) => this.#state !== 'done' && this.#out.next(event),
          onProgress: () => this.#writer?.roomMade(),
        });
      } finally {
        spool.unlock();
      }
      await spool.compact();
    }
    return false;
  }

  #backOnline(): void {
    this.#mode = 'online';
    const seconds = ((Date.now() - this.#outageSince) / 1000).toFixed(1);
    this.#warn('S3_RECOVERED', `S3 bucket "${this.#options.bucket}" is reachable again after ${seconds} s: ${this.#drained} spooled operations done in order; uploading directly again.`);
    this.#queue.resume();
    this.#checkComplete();
  }

  #checkComplete(): void {
    if (!this.#upstreamDone || this.#state !== 'running' || this.#mode !== 'online') return;
    if (!this.#queue.idle || this.#writer?.busy === true) return;
    this.#stop();
    this.#out.complete();
  }

  #armShutdown(): void {
    if (this.#shutdownTimer !== undefined || this.#state !== 'running') return;
    this.#shutdownTimer = setTimeout(() => void this.#giveUp(), this.#options.shutdownTimeoutMs);
  }

  /** Shutdown timeout: stop trying, put everything still in memory into the spool, and say where it is. */
  async #giveUp(): Promise<void> {
    if (this.#state !== 'running') return;
    this.#state = 'failing';
    this.#store.abortAll();
    this.#signals.wake();
    await this.#signals.until(() => this.#queue.inFlight === 0 && !(this.#writer?.busy ?? false) && !this.#recovering);
    if (this.#state !== 'failing') return;
    this.#writer?.write(true);
    await this.#writer?.settled();
    if (this.#state !== 'failing') return;
    this.fail(notDrainedError(this.#options, this.#spool?.size ?? 0, this.#spool?.bytes ?? 0));
  }

  #stop(): void {
    this.#state = 'done';
    clearTimeout(this.#shutdownTimer);
    this.#store.abortAll();
    this.#signals.wake();
    this.#queue.stop();
    this.#writer?.stop();
  }

  #warn(code: WarningCode, message: string): void {
    if (this.#state !== 'done') this.#out.next({ type: 'warning', stage: 'storage', code, message });
  }
}
