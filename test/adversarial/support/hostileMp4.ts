// Crafted MP4s of a few hundred bytes to a few hundred KB that ask a reader for gigabytes or minutes: each is a real
// file with one field changed (the way an attacker makes them), or a few synthetic boxes.

/** Offsets of every box of `type` in `bytes`, found by walking the box tree (containers by their known types). */
export function findBoxes(bytes: Uint8Array, type: string): number[] {
  const containers = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'moof', 'traf', 'mvex', 'edts', 'dinf']);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: number[] = [];
  const walk = (start: number, end: number): void => {
    let p = start;
    while (p + 8 <= end) {
      const size = view.getUint32(p);
      const t = String.fromCharCode(...bytes.subarray(p + 4, p + 8));
      if (size < 8 || p + size > end) return;
      if (t === type) found.push(p);
      if (containers.has(t)) walk(p + 8, p + size);
      p += size;
    }
  };
  walk(0, bytes.byteLength);
  if (found.length === 0) throw new Error(`no '${type}' box in the sample file`);
  return found;
}

function patched(source: Uint8Array, change: (view: DataView, bytes: Uint8Array) => void): Uint8Array {
  const bytes = Uint8Array.from(source);
  change(new DataView(bytes.buffer), bytes);
  return bytes;
}

/** `stsz` of every track declares 50 M samples of a fixed size: 1.4 GB of sample records per track if believed. */
export const stszBomb = (mp4: Uint8Array): Uint8Array => patched(mp4, (v, b) => {
  for (const at of findBoxes(b, 'stsz')) {
    v.setUint32(at + 12, 28); // sample_size: fixed
    v.setUint32(at + 16, 50_000_000); // sample_count
  }
});

/** Every `mdhd` says timescale 0 (durations divide by it). */
export const timescaleZero = (mp4: Uint8Array): Uint8Array => patched(mp4, (v, b) => {
  for (const at of findBoxes(b, 'mdhd')) v.setUint32(at + (b[at + 8] === 1 ? 28 : 20), 0);
});

/** Every `stts` delta is 0: zero-length samples, zero durations, zero bandwidth. */
export const zeroStts = (mp4: Uint8Array): Uint8Array => patched(mp4, (v, b) => {
  for (const at of findBoxes(b, 'stts')) {
    const entries = v.getUint32(at + 12);
    for (let i = 0; i < entries; i++) v.setUint32(at + 16 + i * 8 + 4, 0);
  }
});

/** Every `trun` claims 4 billion samples and carries no per-sample fields. */
export const trunBomb = (fragmented: Uint8Array): Uint8Array => patched(fragmented, (v, b) => {
  for (const at of findBoxes(b, 'trun')) {
    v.setUint32(at + 8, 0x000001); // version 0, flags: data offset only
    v.setUint32(at + 12, 0xfffffff0);
  }
});

/** `depth` containers nested in one another (`moov` > `trak` > `trak` > …), each header 8 bytes. */
export function deepNesting(depth: number): Uint8Array {
  const bytes = new Uint8Array(24 + depth * 8);
  const v = new DataView(bytes.buffer);
  v.setUint32(0, 24);
  bytes.set([...'ftypisom'].map((c) => c.charCodeAt(0)), 4);
  bytes.set([...'isom'].map((c) => c.charCodeAt(0)), 16);
  for (let i = 0; i < depth; i++) {
    const at = 24 + i * 8;
    v.setUint32(at, bytes.byteLength - at);
    bytes.set([...(i === 0 ? 'moov' : 'trak')].map((c) => c.charCodeAt(0)), at + 4);
  }
  return bytes;
}

/** A 64-bit box size of 2^62 after a valid `ftyp`: a reader that believes it allocates exabytes. */
export function hugeLargesize(): Uint8Array {
  const bytes = new Uint8Array(24 + 32);
  const v = new DataView(bytes.buffer);
  v.setUint32(0, 24);
  bytes.set([...'ftypisomisom'].map((c) => c.charCodeAt(0)), 4);
  v.setUint32(24, 1);
  bytes.set([...'moov'].map((c) => c.charCodeAt(0)), 28);
  v.setBigUint64(32, 1n << 62n);
  return bytes;
}
