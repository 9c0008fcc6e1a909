// Micro-benchmark of the encrypt step alone (encryptCmaf's onSegment: gather, NAL subsample map, AES, moof), in
// process, on synthetic 1080p-like segments (no ffmpeg, no disk): MB/s of sample data for cenc and cbcs, video and
// audio, next to Node's raw AES-128 on the same buffers. Small by default (20 MB) so it can run on a busy machine.
// Usage: node bench/encrypt-step.mjs [--mb 20] [--reps 5]   (after `npm run build`; add --cpu-prof to profile)
import { createCipheriv, randomBytes } from 'node:crypto';
import { from, lastValueFrom, toArray } from 'rxjs';
import { writeCmafInit } from '../packages/core/dist/index.js';
import { contentKeyFromHex, encryptCmaf } from '../packages/drm/dist/index.js';

const arg = (name, fallback) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const totalMb = arg('--mb', 20);
const reps = arg('--reps', 5);
const key = contentKeyFromHex('0123456789abcdef0123456789abcdef', '00112233445566778899aabbccddeeff');

// A minimal avc1 (with avcC, 4-byte NAL lengths) and mp4a sample entry; the encryptor reads only the NAL length size.
function box(type, ...parts) {
  const size = 8 + parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, size);
  out.set(Buffer.from(type, 'latin1'), 4);
  let p = 8;
  for (const part of parts) { out.set(part, p); p += part.byteLength; }
  return out;
}
const visual = new Uint8Array(78);
new DataView(visual.buffer).setUint16(6, 1); // data_reference_index
new DataView(visual.buffer).setUint16(24, 1920);
new DataView(visual.buffer).setUint16(26, 1080);
new DataView(visual.buffer).setUint32(28, 0x00480000);
new DataView(visual.buffer).setUint32(32, 0x00480000);
new DataView(visual.buffer).setUint16(40, 1);
new DataView(visual.buffer).setUint16(74, 0x18);
new DataView(visual.buffer).setInt16(76, -1);
const sps = Uint8Array.from([0x67, 0x64, 0x00, 0x28, 0xac, 0xd9, 0x40, 0x78, 0x02, 0x27, 0xe5, 0x84]);
const pps = Uint8Array.from([0x68, 0xeb, 0xe3, 0xcb, 0x22, 0xc0]);
const avcC = box('avcC', Uint8Array.from([1, 0x64, 0x00, 0x28, 0xff, 0xe1, 0, sps.length, ...sps, 1, 0, pps.length, ...pps]));
const audioEntry = new Uint8Array(28);
new DataView(audioEntry.buffer).setUint16(6, 1);
new DataView(audioEntry.buffer).setUint16(16, 2);
new DataView(audioEntry.buffer).setUint16(18, 16);
new DataView(audioEntry.buffer).setUint32(24, 48000 << 16);
const esds = box('esds', Uint8Array.from([0, 0, 0, 0, 3, 25, 0, 1, 0, 4, 17, 0x40, 0x15, 0, 0, 0, 0, 1, 0xf4, 0, 0, 1, 0xf4, 0, 5, 2, 0x11, 0x90, 6, 1, 2]));
const tracks = {
  video: { track: { id: 1, kind: 'video', codec: 'avc1.640028', sampleEntry: 'avc1', timescale: 90000, width: 1920, height: 1080 }, entry: box('avc1', visual, avcC) },
  audio: { track: { id: 1, kind: 'audio', codec: 'mp4a.40.2', sampleEntry: 'mp4a', timescale: 48000, channels: 2, sampleRate: 48000 }, entry: box('mp4a', audioEntry, esds) },
};

/** Segments of ~2 MB: video = 120 frames of AUD + one slice NAL (I frame 4× a P frame); audio = 1024-sample AAC frames. */
function segmentsOf(kind) {
  const { track } = tracks[kind];
  const segments = [];
  const random = randomBytes(1 << 20);
  let made = 0;
  for (let n = 1; made < totalMb * 1e6; n++) {
    const samples = [];
    const chunks = [];
    const count = kind === 'video' ? 120 : 94 * 8;
    for (let i = 0; i < count; i++) {
      const size = kind === 'video' ? (i === 0 ? 64000 : 16000) + (i * 7919) % 3000 : 340 + (i % 17);
      const s = new Uint8Array(size);
      if (kind === 'video') {
        new DataView(s.buffer).setUint32(0, 2);
        s[4] = 0x09; s[5] = 0xf0;
        new DataView(s.buffer).setUint32(6, size - 10);
        s.set(random.subarray(0, size - 11), 11);
        s[10] = i === 0 ? 0x65 : 0x41;
      } else s.set(random.subarray(0, size));
      samples.push({ duration: kind === 'video' ? 3000 : 1024, size, compositionTimeOffset: 0, isSync: kind === 'audio' || i === 0 });
      chunks.push(s);
      made += size;
    }
    const header = new Uint8Array(8); // stands for the moof chunk: encryptCmaf finds the chunk named 'moof'
    header.set([0, 0, 0, 8, 0x6d, 0x6f, 0x6f, 0x66]);
    const byteLength = chunks.reduce((a, c) => a + c.byteLength, 0);
    segments.push({ type: 'media-segment', renditionId: kind, track, number: n, sequenceNumber: n, startTime: (n - 1) * count * (kind === 'video' ? 3000 : 1024), duration: count * 3000, presentationTime: 0, startsWithKeyframe: true, path: `${kind}/seg-${n}.m4s`, chunks: [header, ...chunks], byteLength: byteLength + 8, samples });
  }
  return { segments, bytes: made };
}

async function timeEncrypt(scheme, kind, data) {
  const { track, entry } = tracks[kind];
  const init = { type: 'init-segment', renditionId: kind, track, path: `${kind}/init.mp4`, data: writeCmafInit({ track, sampleEntry: entry }) };
  const start = performance.now();
  await lastValueFrom(from([init, ...data.segments]).pipe(encryptCmaf({ scheme, key, drmSystems: ['clearkey'] }), toArray()));
  return data.bytes / 1e6 / ((performance.now() - start) / 1000);
}

function rawAes(mode, bytes) {
  const buf = randomBytes(1 << 20);
  const start = performance.now();
  for (let done = 0; done < bytes; done += buf.byteLength) {
    const c = createCipheriv(mode, key.key, randomBytes(16));
    c.setAutoPadding(false);
    c.update(buf);
  }
  return bytes / 1e6 / ((performance.now() - start) / 1000);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const data = { video: segmentsOf('video'), audio: segmentsOf('audio') };
console.log(`encrypt step alone, ${totalMb} MB of samples per case, median of ${reps}`);
console.log(`raw AES-128 (1 MB calls): CTR ${median(Array.from({ length: reps }, () => rawAes('aes-128-ctr', totalMb * 1e6))).toFixed(0)} MB/s, CBC ${median(Array.from({ length: reps }, () => rawAes('aes-128-cbc', totalMb * 1e6))).toFixed(0)} MB/s`);
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined; // e.g. cenc:video
for (const scheme of ['cenc', 'cbcs']) {
  for (const kind of ['video', 'audio']) {
    if (only !== undefined && only !== `${scheme}:${kind}`) continue;
    const runs = [];
    for (let r = 0; r < reps; r++) runs.push(await timeEncrypt(scheme, kind, data[kind]));
    console.log(`${scheme} ${kind}: ${median(runs).toFixed(0)} MB/s`);
  }
}
