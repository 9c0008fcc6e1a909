/**
 * Cuts a byte stream of an fMP4 media segment into complete CMAF chunks (everything up to and including each
 * `mdat`: `styp`/`prft`/`emsg` + `moof` + `mdat`, ISO/IEC 23000-19 §7.3.2.3), so a segment that is still arriving
 * (LL-DASH chunked transfer) can be appended chunk by chunk. Bytes of an unfinished box wait for the next push.
 */
export class FragmentSplitter {
  private pending = new Uint8Array(0);

  /** Adds bytes; returns the chunks completed by them. */
  push(bytes: Uint8Array): Uint8Array[] {
    const data = this.pending.length === 0 ? bytes : concat(this.pending, bytes);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const chunks: Uint8Array[] = [];
    let offset = 0;
    let cut = 0;
    while (offset + 8 <= data.length) {
      let size = view.getUint32(offset);
      if (size === 1) {
        if (offset + 16 > data.length) break;
        size = Number(view.getBigUint64(offset + 8));
      }
      // size 0 ("to the end of the file") cannot be cut while streaming: wait for the end (see `rest`).
      if (size < 8 || offset + size > data.length) break;
      const isMdat = data[offset + 4] === 0x6d && data[offset + 5] === 0x64 && data[offset + 6] === 0x61 && data[offset + 7] === 0x74;
      offset += size;
      if (isMdat) {
        chunks.push(data.subarray(cut, offset));
        cut = offset;
      }
    }
    this.pending = data.slice(cut);
    return chunks;
  }

  /** Bytes received but not returned as a chunk (a truncated or mdat-less tail). */
  rest(): Uint8Array {
    return this.pending;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
