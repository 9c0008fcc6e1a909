import { isOttError } from '@ott/core';
import type { OutputFile, PipelineEvent, RemoveFile, WarningCode } from '@ott/core';
import { describeS3Error } from '../client/isRetryableS3Error.js';
import { S3Unavailable } from '../client/S3Store.js';
import type { S3Store } from '../client/S3Store.js';
import type { ResolvedS3Options } from '../S3SinkOptions.js';
import { drainBatch } from '../spool/drainBatch.js';
import { Spool, spoolError } from '../spool/Spool.js';
import { Signals } from './Signals.js';
import { notDrainedError, spoolFullMessage } from './sinkMessages.js';
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
  #mode: Mode = 'opening';
  #state: State = 'running';
  #seq = 0;
  readonly #early: (OutputFile | RemoveFile)[] = [];
  readonly #queue: SinkOp[] = [];
  readonly #toSpool: SinkOp[] = [];
  readonly #offsets: PartOffsets = new Map();
  readonly #signals = new Signals();
  #inFlight = 0;
  #writing: Promise<void> | undefined;
  #recovering = false;
  #upstreamDone = false;
  #spoolFull = false;
  #partsDropped = false;
  #outageSince = 0;
  #drained = 0;
  #shutdownTimer: NodeJS.Timeout | undefined;

  constructor(store: S3Store, options: ResolvedS3Options, out: SinkOutput) {
    this.#store = store;
    this.#options = options;
    this.#out = out;
    void this.#open();
  }

  /** An output item or removal from upstream. */
  accept(item: OutputFile | RemoveFile): void {
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
    this.#seq = this.#spool.lastSeq;
    if (this.#spool.size > 0) {
      this.#warn('S3_SPOOL_RECOVERED', `The spool folder ${this.#options.spoolDir} holds ${this.#spool.size} operations of an earlier run: uploading them first, in order.`);
      this.#enterOutage(undefined);
    } else this.#mode = 'online';
    for (const item of this.#early.splice(0)) this.#accept(item);
    this.#checkComplete();
  }

  #accept(item: OutputFile | RemoveFile): void {
    let op: SinkOp;
    try {
      op = sinkOpOf(item, ++this.#seq, this.#options.prefix, this.#offsets);
    } catch (error) {
      this.fail(error);
      return;
    }
    op.flow?.enqueue(op.bytes);
    if (this.#mode === 'online') {
      this.#queue.push(op);
      this.#pump();
    } else {
      this.#toSpool.push(op);
      this.#writeSpool();
    }
  }

  /** Starts queued uploads; a manifest or a removal starts only when nothing before it is still uploading. */
  #pump(): void {
    while (this.#state === 'running' && this.#mode === 'online' && this.#queue.length > 0 && this.#inFlight < this.#options.concurrency) {
      const op = this.#queue[0] as SinkOp;
      const barrier = op.entry.op === 'del' || op.entry.kind === 'manifest';
      if (barrier && this.#inFlight > 0) break;
      this.#queue.shift();
      this.#inFlight += 1;
      const { entry } = op;
      const upload = entry.op === 'del' ? this.#store.remove(entry.key) : this.#store.put({ key: entry.key, kind: entry.kind, size: entry.size, body: { type: 'bytes', chunks: op.chunks } });
      upload.then(
        () => this.#uploaded(op),
        (error: unknown) => this.#uploadFailed(op, error),
      );
    }
  }

  #uploaded(op: SinkOp): void {
    this.#inFlight -= 1;
    op.flow?.done(op.bytes);
    if (this.#state === 'done') return;
    if (op.entry.op === 'put' && op.entry.event !== undefined) this.#out.next(op.entry.event);
    this.#signals.notify();
    this.#pump();
    this.#checkComplete();
  }

  #uploadFailed(op: SinkOp, error: unknown): void {
    this.#inFlight -= 1;
    if (this.#state === 'done') {
      op.flow?.done(op.bytes);
      return;
    }
    if (!(error instanceof S3Unavailable) && this.#state === 'running') {
      op.flow?.done(op.bytes);
      this.fail(error);
      return;
    }
    if (this.#mode === 'online') this.#enterOutage(error);
    insertBySeq(this.#toSpool, op);
    this.#writeSpool();
    this.#signals.notify();
  }

  #enterOutage(cause: unknown): void {
    this.#mode = 'outage';
    this.#outageSince = Date.now();
    this.#drained = 0;
    this.#partsDropped = false;
    for (const op of this.#queue.splice(0)) insertBySeq(this.#toSpool, op);
    if (cause !== undefined) {
      this.#warn(
        'S3_OUTAGE',
        `${cause instanceof S3Unavailable ? cause.message : describeS3Error(cause)}: S3 bucket "${this.#options.bucket}" is unreachable, ` +
          `spooling to ${this.#options.spoolDir}; everything is uploaded in order once it is back.`,
      );
    }
    this.#writeSpool();
    if (this.#upstreamDone) this.#armShutdown();
    void this.#recover(cause === undefined);
  }

  /** Writes waiting items to the spool, in order, while it has room (`force`: at shutdown, whatever the limit). */
  #writeSpool(force = false): void {
    if (this.#writing !== undefined || this.#spool === undefined || (this.#toSpool.length === 0 && !force)) return;
    this.#writing = this.#writeLoop(this.#spool, force).then(
      () => {
        this.#writing = undefined;
        this.#signals.notify();
        if (this.#state === 'running' && this.#toSpool.length > 0 && !this.#spoolFull) this.#writeSpool();
      },
      (error: unknown) => {
        this.#writing = undefined;
        this.fail(isOttError(error) ? error : spoolError('Could not write to the spool folder', error, this.#options.spoolDir));
      },
    );
  }

  async #writeLoop(spool: Spool, force: boolean): Promise<void> {
    while ((this.#state === 'running' || force) && this.#toSpool.length > 0) {
      const op = this.#toSpool[0] as SinkOp;
      const room = (): boolean => op.bytes === 0 || spool.bytes === 0 || spool.bytes + op.bytes <= this.#options.spoolMaxBytes;
      if (!force && !room()) {
        const needed = spool.bytes + op.bytes - this.#options.spoolMaxBytes;
        if (this.#options.overflow === 'drop-oldest-parts' && (await spool.sliceOldestParts(needed)) > 0 && room()) {
          if (!this.#partsDropped) {
            this.#partsDropped = true;
            this.#warn('S3_SPOOL_PARTS_DROPPED', 'The spool is full: dropped the spooled copies of LL parts whose segments are spooled (a part still needed is cut from its segment).');
          }
          continue;
        }
        if (!this.#spoolFull) {
          this.#spoolFull = true;
          this.#warn('S3_SPOOL_FULL', spoolFullMessage(this.#options, spool.bytes));
        }
        return;
      }
      this.#toSpool.shift();
      await spool.add(op.entry, op.chunks);
      op.flow?.done(op.bytes);
    }
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
        if (this.#state !== 'running' || this.#inFlight > 0) continue;
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
        if (this.#toSpool.length === 0 && this.#writing === undefined) {
          this.#backOnline();
          return true;
        }
        this.#spoolFull = false;
        this.#writeSpool();
        await this.#writing;
        continue;
      }
      try {
        this.#drained += await drainBatch(batch, {
          store: this.#store,
          spool,
          concurrency: this.#options.concurrency,
          onEvent: (event) => this.#state !== 'done' && this.#out.next(event),
          onProgress: () => {
            this.#spoolFull = false;
            this.#writeSpool();
          },
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
    this.#spoolFull = false;
    const seconds = ((Date.now() - this.#outageSince) / 1000).toFixed(1);
    this.#warn('S3_RECOVERED', `S3 bucket "${this.#options.bucket}" is reachable again after ${seconds} s: ${this.#drained} spooled operations done in order; uploading directly again.`);
    this.#pump();
    this.#checkComplete();
  }

  #checkComplete(): void {
    if (!this.#upstreamDone || this.#state !== 'running' || this.#mode !== 'online') return;
    if (this.#queue.length > 0 || this.#inFlight > 0 || this.#toSpool.length > 0 || this.#writing !== undefined) return;
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
    await this.#signals.until(() => this.#inFlight === 0 && this.#writing === undefined && !this.#recovering);
    if (this.#state !== 'failing') return;
    this.#writeSpool(true);
    await this.#writing;
    if (this.#state !== 'failing') return;
    this.fail(notDrainedError(this.#options, this.#spool?.size ?? 0, this.#spool?.bytes ?? 0));
  }

  #stop(): void {
    this.#state = 'done';
    clearTimeout(this.#shutdownTimer);
    this.#store.abortAll();
    this.#signals.wake();
    for (const op of [...this.#queue.splice(0), ...this.#toSpool.splice(0)]) op.flow?.done(op.bytes);
  }

  #warn(code: WarningCode, message: string): void {
    if (this.#state !== 'done') this.#out.next({ type: 'warning', stage: 'storage', code, message });
  }
}

/** Inserts `op` keeping the list in arrival order (an upload that failed late goes before items queued after it). */
function insertBySeq(list: SinkOp[], op: SinkOp): void {
  let index = list.length;
  while (index > 0 && (list[index - 1] as SinkOp).entry.seq > op.entry.seq) index -= 1;
  list.splice(index, 0, op);
}
