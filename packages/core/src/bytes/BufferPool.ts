/** Options of {@link BufferPool}. */
export interface BufferPoolOptions {
  /** Most bytes kept in free buffers (default 64 MiB); buffers given back beyond it are left to the garbage collector. */
  readonly maxFreeBytes?: number;
  /** Requests larger than this are plain allocations, never pooled (default 32 MiB). */
  readonly maxBufferBytes?: number;
}

const MIN_CLASS_BITS = 14; // 16 KiB: an audio fragment of a second or so

interface Lease {
  /** Bytes of the lease not given back yet. */
  outstanding: number;
}

/**
 * Reusable memory for sample data that lives from a read to a write (the `ott package` path): a fresh buffer per
 * fragment is garbage a moment later, and V8 lets tens of MiB of such external memory pile up before collecting it,
 * so peak memory drifts up with input length unless collections are forced. A pool hands the same buffers out again.
 *
 * `take(size)` leases a view of `size` bytes on a pooled buffer (capacity: the next power of two). Views of that
 * buffer are then given back piece by piece with `release(view)`, in any order and from several owners (one fragment's
 * bytes may end up in two segments); the buffer returns to the pool when the released bytes add up to the lease.
 * Release only what nobody reads any more; views that are not from the pool are ignored.
 *
 * @example
 * ```ts
 * const pool = new BufferPool();
 * readMp4File('in.mp4', { pool }).pipe(segmentCmaf(), writeManifests(), toFolder('out', { pool }))
 * ```
 */
export class BufferPool {
  readonly #free = new Map<number, ArrayBuffer[]>();
  readonly #leases = new WeakMap<ArrayBuffer, Lease>();
  readonly #maxFreeBytes: number;
  readonly #maxBufferBytes: number;
  #freeBytes = 0;
  #allocated = 0;
  #reused = 0;

  constructor(options: BufferPoolOptions = {}) {
    this.#maxFreeBytes = options.maxFreeBytes ?? 64 * 1024 * 1024;
    this.#maxBufferBytes = options.maxBufferBytes ?? 32 * 1024 * 1024;
  }

  /** A view of `size` uninitialised bytes (every byte must be written before it is read). */
  take(size: number): Uint8Array {
    if (size > this.#maxBufferBytes) return new Uint8Array(size);
    const capacity = classOf(size);
    const buffer = this.#free.get(capacity)?.pop();
    let backing: ArrayBuffer;
    if (buffer === undefined) {
      backing = new ArrayBuffer(capacity);
      this.#allocated += 1;
    } else {
      backing = buffer;
      this.#freeBytes -= capacity;
      this.#reused += 1;
    }
    this.#leases.set(backing, { outstanding: size });
    return new Uint8Array(backing, 0, size);
  }

  /** Gives back `view`'s bytes; the buffer is free again once all bytes of its lease are given back. */
  release(view: Uint8Array): void {
    const backing = view.buffer;
    if (!(backing instanceof ArrayBuffer)) return;
    const lease = this.#leases.get(backing);
    if (lease === undefined || view.byteLength === 0) return;
    lease.outstanding -= view.byteLength;
    if (lease.outstanding > 0) return;
    this.#leases.delete(backing);
    const capacity = backing.byteLength;
    if (this.#freeBytes + capacity > this.#maxFreeBytes) return;
    const list = this.#free.get(capacity);
    if (list === undefined) this.#free.set(capacity, [backing]);
    else list.push(backing);
    this.#freeBytes += capacity;
  }

  /** Buffers allocated and reused so far, and bytes held free (for tests and diagnostics). */
  get stats(): { readonly allocated: number; readonly reused: number; readonly freeBytes: number } {
    return { allocated: this.#allocated, reused: this.#reused, freeBytes: this.#freeBytes };
  }
}

function classOf(size: number): number {
  let bits = MIN_CLASS_BITS;
  while (2 ** bits < size) bits += 1;
  return 2 ** bits;
}
