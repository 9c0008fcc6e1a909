type Operation = { run: () => void; resolve: () => void; reject: (error: unknown) => void; sync: boolean };

/**
 * Serialises operations on one SourceBuffer (append, remove, timestampOffset, changeType): MSE throws
 * InvalidStateError when one starts while `updating`. Each returns a promise settled on `updateend`/`error`.
 * A QuotaExceededError from `appendBuffer` rejects the append (the controller evicts and retries).
 */
export class SourceBufferQueue {
  private readonly queue: Operation[] = [];
  private current: Operation | undefined;
  private readonly onUpdateEnd = (): void => this.settle();
  private readonly onError = (): void => this.settle(new DOMException('SourceBuffer error event', 'SourceBufferError'));

  constructor(readonly buffer: SourceBuffer, readonly mimeType: string) {
    buffer.addEventListener('updateend', this.onUpdateEnd);
    buffer.addEventListener('error', this.onError);
  }

  append(bytes: Uint8Array): Promise<void> {
    return this.enqueue(() => this.buffer.appendBuffer(bytes as Uint8Array<ArrayBuffer>), false);
  }

  remove(start: number, end: number): Promise<void> {
    if (end <= start) return Promise.resolve();
    return this.enqueue(() => this.buffer.remove(start, end), false);
  }

  /** Runs a synchronous change (timestampOffset, changeType, abort) when the buffer is idle. */
  change(fn: (buffer: SourceBuffer) => void): Promise<void> {
    return this.enqueue(() => fn(this.buffer), true);
  }

  /** Buffered ranges as [start, end] pairs (empty once the buffer was removed from its MediaSource). */
  ranges(): [number, number][] {
    try {
      const b = this.buffer.buffered;
      const out: [number, number][] = [];
      for (let i = 0; i < b.length; i++) out.push([b.start(i), b.end(i)]);
      return out;
    } catch {
      return [];
    }
  }

  /** Rejects everything still queued (on destroy). */
  dispose(): void {
    this.buffer.removeEventListener('updateend', this.onUpdateEnd);
    this.buffer.removeEventListener('error', this.onError);
    for (const op of this.queue.splice(0)) op.reject(new DOMException('player destroyed', 'AbortError'));
    this.current?.reject(new DOMException('player destroyed', 'AbortError'));
    this.current = undefined;
  }

  private enqueue(run: () => void, sync: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ run, resolve, reject, sync });
      this.next();
    });
  }

  private next(): void {
    if (this.current || this.buffer.updating) return;
    const op = this.queue.shift();
    if (!op) return;
    this.current = op;
    try {
      op.run();
    } catch (error) {
      this.current = undefined;
      op.reject(error);
      this.next();
      return;
    }
    if (op.sync || !this.buffer.updating) this.settle();
  }

  private settle(error?: unknown): void {
    const op = this.current;
    this.current = undefined;
    if (op) {
      if (error) op.reject(error);
      else op.resolve();
    }
    this.next();
  }
}
