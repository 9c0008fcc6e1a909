import { isOttError } from '@ott/core';
import type { WarningCode } from '@ott/core';
import type { ResolvedS3Options } from '../S3SinkOptions.js';
import type { Spool } from '../spool/Spool.js';
import { spoolError } from '../spool/Spool.js';
import { spoolFullMessage } from './sinkMessages.js';
import type { SinkOp } from './sinkOpOf.js';

/** What the writer reports to its sink. */
export interface SpoolWriterHooks {
  /** Whether the sink still takes items (writes stop otherwise, unless forced at shutdown). */
  running(): boolean;
  warn(code: WarningCode, message: string): void;
  fail(error: unknown): void;
  /** A write finished (waiters re-check their conditions). */
  changed(): void;
}

/**
 * The outage half of the S3 sink: items that cannot go to S3 are written to the spool folder in arrival order, one
 * writer at a time, while the spool has room (`spool.maxBytes`); a full spool stops taking items, so their bytes keep
 * counting on the producer's flow and pause it. With `overflow: 'drop-oldest-parts'` the spooled copies of LL parts
 * whose segments are spooled make room first.
 */
export class SpoolWriter {
  readonly #spool: Spool;
  readonly #options: ResolvedS3Options;
  readonly #hooks: SpoolWriterHooks;
  readonly #waiting: SinkOp[] = [];
  #writing: Promise<void> | undefined;
  #full = false;
  #partsDropped = false;
  /** Items arrived while a write was under way: a write that stopped on a full spool looks again (they may make room). */
  #arrived = false;

  constructor(spool: Spool, options: ResolvedS3Options, hooks: SpoolWriterHooks) {
    this.#spool = spool;
    this.#options = options;
    this.#hooks = hooks;
  }

  /** Items wait in memory or a write is under way. */
  get busy(): boolean {
    return this.#waiting.length > 0 || this.#writing !== undefined;
  }

  /** The current write (if any) has finished. */
  async settled(): Promise<void> {
    await this.#writing;
  }

  /** Queues `op` in arrival order (an upload that failed late goes before items queued after it) and writes. */
  add(op: SinkOp): void {
    let index = this.#waiting.length;
    while (index > 0 && (this.#waiting[index - 1] as SinkOp).entry.seq > op.entry.seq) index -= 1;
    this.#waiting.splice(index, 0, op);
    this.#arrived = true;
    this.write();
  }

  /** A new outage: warn again when parts have to be dropped. */
  outageStarted(): void {
    this.#partsDropped = false;
  }

  /** The spool shrank (a drain made progress): try again if it was full. */
  roomMade(): void {
    this.#full = false;
    this.write();
  }

  /** Writes waiting items to the spool, in order, while it has room (`force`: at shutdown, whatever the limit). */
  write(force = false): void {
    if (this.#writing !== undefined || (this.#waiting.length === 0 && !force)) return;
    this.#arrived = false;
    this.#writing = this.#writeLoop(force).then(
      () => {
        this.#writing = undefined;
        this.#hooks.changed();
        if (this.#hooks.running() && this.#waiting.length > 0 && (!this.#full || this.#arrived)) this.write();
      },
      (error: unknown) => {
        this.#writing = undefined;
        this.#hooks.fail(isOttError(error) ? error : spoolError('Could not write to the spool folder', error, this.#options.spoolDir));
      },
    );
  }

  /** Drops the items still in memory, releasing their bytes. */
  stop(): void {
    for (const op of this.#waiting.splice(0)) op.flow?.done(op.bytes);
  }

  async #writeLoop(force: boolean): Promise<void> {
    const spool = this.#spool;
    while ((this.#hooks.running() || force) && this.#waiting.length > 0) {
      const op = this.#waiting[0] as SinkOp;
      if (!force && !this.#fits(op) && !(await this.#makeRoom(op))) return;
      this.#waiting.shift();
      await spool.add(op.entry, op.chunks);
      op.flow?.done(op.bytes);
      // A segment admitted over the limit (see #makeRoom): its own parts, now cut from it, pay for it.
      const over = spool.bytes - this.#options.spoolMaxBytes;
      if (over > 0 && this.#options.overflow === 'drop-oldest-parts') await this.#dropParts(over);
    }
  }

  #fits(op: SinkOp): boolean {
    return op.bytes === 0 || this.#spool.bytes === 0 || this.#spool.bytes + op.bytes <= this.#options.spoolMaxBytes;
  }

  /**
   * Frees room for `op` by dropping spooled parts (if allowed); warns once per full spell when it cannot. A segment
   * whose own parts are spooled and weigh at least as much is let in over the limit: once it is stored those parts
   * are cut from it, so the spool does not grow (without this, a segment whose upload failed late, after its parts
   * filled the spool, would wait for S3 forever). Likewise a part whose segment is spooled or waiting in memory.
   */
  async #makeRoom(op: SinkOp): Promise<boolean> {
    const needed = this.#spool.bytes + op.bytes - this.#options.spoolMaxBytes;
    if (this.#options.overflow !== 'drop-oldest-parts') return this.#reportFull();
    const { entry } = op;
    if (entry.op === 'put' && entry.segment !== undefined && this.#spool.partBytesOf(entry.segment.renditionId, entry.segment.number) >= op.bytes) return true;
    // A part whose segment is spooled, or waits right here in memory, is cut from that segment as soon as both are
    // stored: let it in too (over the limit by at most the parts of the segments waiting here).
    if (entry.op === 'put' && entry.part !== undefined) {
      const { renditionId, segmentNumber } = entry.part;
      const segmentHere = this.#waiting.some((w) => w.entry.op === 'put' && w.entry.segment?.renditionId === renditionId && w.entry.segment.number === segmentNumber);
      if (segmentHere || this.#spool.hasSegment(renditionId, segmentNumber)) return true;
    }
    if ((await this.#dropParts(needed)) > 0 && this.#fits(op)) return true;
    return this.#reportFull();
  }

  /** Drops spooled copies of parts whose segments are spooled (warning once per outage); returns the bytes freed. */
  async #dropParts(needed: number): Promise<number> {
    const freed = await this.#spool.sliceOldestParts(needed);
    if (freed > 0 && !this.#partsDropped) {
      this.#partsDropped = true;
      this.#hooks.warn('S3_SPOOL_PARTS_DROPPED', 'The spool is full: dropped the spooled copies of LL parts whose segments are spooled (a part still needed is cut from its segment).');
    }
    return freed;
  }

  /** Marks the spool full (warning once per full spell); always `false`: the item waits. */
  #reportFull(): boolean {
    if (!this.#full) {
      this.#full = true;
      this.#hooks.warn('S3_SPOOL_FULL', spoolFullMessage(this.#options, this.#spool.bytes));
    }
    return false;
  }
}
