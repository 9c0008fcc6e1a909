import type { FileHandle } from 'node:fs/promises';

/** `preadv` takes at most IOV_MAX (1024 on Linux) buffers per call. */
const MAX_BUFFERS = 1024;
/** Bytes between samples that are read into a scratch buffer rather than ending the read (other tracks, box headers). */
const MAX_GAP = 64 * 1024;
let scratch: Uint8Array | undefined;

/**
 * One vectored read (`preadv`): a contiguous byte range of the file scattered straight into the data buffers of the
 * fragments its samples belong to, so sample bytes are copied once, by the kernel. Progressive MP4s interleave
 * tracks finely (ffmpeg writes one video frame, then the audio frames that go with it), so one read serves several
 * fragments of several tracks; `parts` lists them (each once, in the order first met).
 */
export class ScatterRead<Part> {
  readonly position: number;
  readonly parts: Part[] = [];
  readonly #buffers: Uint8Array[] = [];
  readonly #maxBytes: number;
  #end: number;
  /** The buffer being extended: `#target[#from, #to)`. */
  #target: Uint8Array | undefined;
  #from = 0;
  #to = 0;

  constructor(position: number, maxBytes: number) {
    this.position = position;
    this.#end = position;
    this.#maxBytes = maxBytes;
  }

  /** Bytes the read covers. */
  get byteLength(): number {
    return this.#end - this.position;
  }

  /**
   * Adds a sample at file `offset` that goes to `target[at, at + size)`, or returns `false` when it does not belong
   * in this read (it lies before the read's end or too far after it, or the read is full).
   */
  add(offset: number, size: number, target: Uint8Array, at: number, part: Part): boolean {
    if (size > 0) {
      const gap = offset - this.#end;
      if (gap < 0 || gap > MAX_GAP || (this.byteLength > 0 && offset + size - this.position > this.#maxBytes)) return false;
      const contiguous = gap === 0 && target === this.#target && at === this.#to;
      if (!contiguous && this.#buffers.length + (gap > 0 ? 2 : 1) >= MAX_BUFFERS) return false;
      if (gap > 0) {
        this.#flush();
        scratch ??= new Uint8Array(MAX_GAP);
        this.#buffers.push(new Uint8Array(scratch.buffer, 0, gap));
      }
      if (contiguous) this.#to += size;
      else {
        this.#flush();
        this.#target = target;
        this.#from = at;
        this.#to = at + size;
      }
      this.#end = offset + size;
    }
    if (this.parts[this.parts.length - 1] !== part && !this.parts.includes(part)) this.parts.push(part);
    return true;
  }

  /** Reads the range into the fragment buffers (resuming after short reads); `false` if the file ended first. */
  async read(file: FileHandle): Promise<boolean> {
    this.#flush();
    let buffers = this.#buffers;
    let done = 0;
    const total = this.byteLength;
    while (done < total) {
      const { bytesRead } = await file.readv(buffers, this.position + done);
      if (bytesRead === 0) return false;
      done += bytesRead;
      if (done < total) buffers = skip(buffers, bytesRead);
    }
    return true;
  }

  #flush(): void {
    const target = this.#target;
    // A plain view, not `subarray` (which goes through Buffer's species constructor: slow, and this runs per sample).
    if (target !== undefined && this.#to > this.#from) this.#buffers.push(new Uint8Array(target.buffer, target.byteOffset + this.#from, this.#to - this.#from));
    this.#target = undefined;
  }
}

/** The buffers left after `bytes` of `buffers` were filled (a short read resumes mid-buffer). */
function skip(buffers: readonly Uint8Array[], bytes: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  let left = bytes;
  for (const buffer of buffers) {
    if (left >= buffer.byteLength) left -= buffer.byteLength;
    else {
      rest.push(left > 0 ? buffer.subarray(left) : buffer);
      left = 0;
    }
  }
  return rest;
}
