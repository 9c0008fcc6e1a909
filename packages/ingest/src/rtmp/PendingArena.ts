/**
 * Where the RTMP connections of one server keep their unfinished messages before a `publish` is accepted: one
 * allocation of `slots × slotBytes`, cut in fixed slots, a slot lent to a connection only while it holds an unfinished
 * message. A connection never holds more than its slot (the per-connection budget), all of them together never more
 * than the arena (the total budget), and once no slot is lent the arena is freed at once.
 *
 * Why one block: allocations of tens of MiB are served by the system allocator straight from `mmap`, so untouched
 * pages cost nothing and freeing the block gives its memory back to the system. Many small message buffers, freed at
 * the next GC into a fragmented heap, stayed in the process's RSS after a burst of hostile clients had left.
 */
export class PendingArena {
  readonly #slotBytes: number;
  readonly #slots: number;
  #block: ArrayBuffer | undefined;
  #free: number[] = [];
  #lent = 0;

  constructor(slotBytes: number, totalBytes: number) {
    this.#slotBytes = slotBytes;
    this.#slots = Math.max(1, Math.floor(totalBytes / slotBytes));
  }

  /** Slots lent right now. */
  get lent(): number {
    return this.#lent;
  }

  /** Lends a slot, or `undefined` when every slot is lent (the total budget is in use). */
  acquire(): Buffer | undefined {
    if (this.#lent >= this.#slots) return undefined;
    if (this.#block === undefined) {
      // Zero-filled and untouched: the system maps pages only as bytes are written into them.
      this.#block = new ArrayBuffer(this.#slots * this.#slotBytes);
      this.#free = Array.from({ length: this.#slots }, (_, i) => this.#slots - 1 - i);
    }
    const index = this.#free.pop() as number;
    this.#lent += 1;
    return Buffer.from(this.#block, index * this.#slotBytes, this.#slotBytes);
  }

  /** Takes a slot back; the last one back frees the whole block. */
  release(slot: Buffer): void {
    if (this.#block === undefined || slot.buffer !== this.#block) return;
    this.#free.push(slot.byteOffset / this.#slotBytes);
    this.#lent -= 1;
    if (this.#lent === 0) {
      // Detaching releases the memory now rather than at a GC; no view of it is alive (messages leave as copies).
      this.#block.transfer(0);
      this.#block = undefined;
      this.#free = [];
    }
  }
}
