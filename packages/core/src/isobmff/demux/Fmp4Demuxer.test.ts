import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OttError } from '../../errors/OttError.js';
import { AUDIO_CODECS, FRAGMENTED, VIDEO_CODECS, ffprobePacketCounts, makeMedia, makeTempDir } from '../testing/makeMedia.js';
import { mp4boxTracks } from '../testing/mp4boxInfo.js';
import { Fmp4Demuxer } from './Fmp4Demuxer.js';
import type { Fmp4FragmentItem, Fmp4InitItem, Fmp4Item } from './Fmp4Item.js';

const VECTORS = path.resolve(import.meta.dirname, '../../../../../../shared/vectors/cenc');

const CASES = [
  { name: 'h264 + aac', video: VIDEO_CODECS.h264, audio: AUDIO_CODECS.aac },
  { name: 'hevc (hvc1) + aac', video: VIDEO_CODECS.hevc, audio: AUDIO_CODECS.aac },
  { name: 'vp9 + opus', video: VIDEO_CODECS.vp9, audio: AUDIO_CODECS.opus },
  { name: 'av1 + opus', video: VIDEO_CODECS.av1, audio: AUDIO_CODECS.opus },
] as const;

function demux(bytes: Uint8Array, chunkSizes: readonly number[] = [bytes.byteLength]): Fmp4Item[] {
  const demuxer = new Fmp4Demuxer();
  const items: Fmp4Item[] = [];
  let offset = 0;
  let i = 0;
  while (offset < bytes.byteLength) {
    const size = chunkSizes[i++ % chunkSizes.length] as number;
    items.push(...demuxer.push(bytes.subarray(offset, offset + size)));
    offset += size;
  }
  demuxer.end();
  return items;
}

function summary(items: readonly Fmp4Item[]): unknown {
  return items.map((item) =>
    item.type === 'init'
      ? item
      : { ...item, data: Buffer.from(item.data).toString('base64').length, dataHash: checksum(item.data) },
  );
}

function checksum(data: Uint8Array): number {
  let h = 0;
  for (let i = 0; i < data.byteLength; i++) h = (h * 31 + (data[i] as number)) >>> 0;
  return h;
}

describe('Fmp4Demuxer', () => {
  const tmp = makeTempDir();
  const files = new Map<string, Uint8Array>();

  beforeAll(() => {
    CASES.forEach((c, i) => {
      const file = makeMedia(path.join(tmp.dir, `case${i}.mp4`), [...c.video, ...c.audio, ...FRAGMENTED]);
      files.set(c.name, new Uint8Array(readFileSync(file)));
      files.set(`${c.name}:path`, new TextEncoder().encode(file));
    });
  });
  afterAll(() => tmp.cleanup());

  for (const c of CASES) {
    it(`reads ${c.name}: codec strings equal mp4box.js's and sample counts equal ffprobe's packet counts`, () => {
      const bytes = files.get(c.name) as Uint8Array;
      const file = new TextDecoder().decode(files.get(`${c.name}:path`));
      const items = demux(bytes);
      const init = items[0] as Fmp4InitItem;
      expect(init.type).toBe('init');
      const reference = mp4boxTracks(bytes);
      expect(init.tracks.map((t) => t.track.codec)).toEqual(reference.map((t) => (t.codec === 'Opus' ? 'opus' : t.codec)));
      const counts = init.tracks.map((t) =>
        items.filter((x): x is Fmp4FragmentItem => x.type === 'fragment' && x.trackId === t.track.id).reduce((n, f) => n + f.samples.length, 0),
      );
      expect(counts).toEqual(ffprobePacketCounts(file));
      const video = init.tracks.find((t) => t.track.kind === 'video');
      expect(video?.track).toMatchObject({ width: 320, height: 240 });
      const audio = init.tracks.find((t) => t.track.kind === 'audio');
      expect(audio?.track.sampleRate).toBe(48000);
      for (const item of items) {
        if (item.type !== 'fragment') continue;
        expect(item.data.byteLength).toBe(item.samples.reduce((n, s) => n + s.size, 0));
        if (item.trackId === video?.track.id) expect(item.samples[0]?.isSync).toBe(true);
      }
    });
  }

  it('gives the same items when the input arrives in 1-byte and odd-sized chunks', () => {
    const bytes = files.get('h264 + aac') as Uint8Array;
    const whole = summary(demux(bytes));
    expect(summary(demux(bytes, [1]))).toEqual(whole);
    expect(summary(demux(bytes, [7, 4093, 1, 65537, 13]))).toEqual(whole);
  });

  it('marks only keyframes of video as sync and every audio sample as sync', () => {
    const items = demux(files.get('h264 + aac') as Uint8Array);
    const init = items[0] as Fmp4InitItem;
    const videoId = init.tracks.find((t) => t.track.kind === 'video')?.track.id;
    const video = items.filter((x): x is Fmp4FragmentItem => x.type === 'fragment' && x.trackId === videoId);
    const syncs = video.flatMap((f) => f.samples).filter((s) => s.isSync).length;
    expect(syncs).toBe(2); // 2 s at 30 fps with a 30-frame GOP
    const audio = items.filter((x): x is Fmp4FragmentItem => x.type === 'fragment' && x.trackId !== videoId);
    expect(audio.flatMap((f) => f.samples).every((s) => s.isSync)).toBe(true);
  });

  it('continues decode times across fragments', () => {
    const items = demux(files.get('h264 + aac') as Uint8Array).filter((x): x is Fmp4FragmentItem => x.type === 'fragment');
    const byTrack = new Map<number, Fmp4FragmentItem[]>();
    for (const f of items) byTrack.set(f.trackId, [...(byTrack.get(f.trackId) ?? []), f]);
    for (const fragments of byTrack.values()) {
      for (let i = 1; i < fragments.length; i++) {
        const prev = fragments[i - 1] as Fmp4FragmentItem;
        const end = prev.baseMediaDecodeTime + prev.samples.reduce((n, s) => n + s.duration, 0);
        expect((fragments[i] as Fmp4FragmentItem).baseMediaDecodeTime).toBe(end);
      }
    }
  });

  it('throws ISOBMFF_TRUNCATED at end() when the stream stops inside a box', () => {
    const bytes = files.get('h264 + aac') as Uint8Array;
    const demuxer = new Fmp4Demuxer();
    demuxer.push(bytes.subarray(0, bytes.byteLength - 100));
    expect(() => demuxer.end()).toThrow(expect.objectContaining({ code: 'ISOBMFF_TRUNCATED' }) as Error);
  });

  it('reads the clear twins of the cenc vectors (several trafs, sidx, free between boxes)', () => {
    const bytes = new Uint8Array(readFileSync(path.join(VECTORS, 'prog_8s_dec_dashinit.mp4')));
    const items = demux(bytes, [1000, 3]);
    const init = items[0] as Fmp4InitItem;
    expect(init.tracks.map((t) => t.track.codec)).toEqual(['avc1.64001e', 'mp4a.40.2']);
    const counts = mp4boxTracks(bytes).map((t) => t.nb_samples);
    const ours = init.tracks.map((t) => items.filter((x): x is Fmp4FragmentItem => x.type === 'fragment' && x.trackId === t.track.id).reduce((n, f) => n + f.samples.length, 0));
    expect(ours).toEqual(counts);
    const cbcs = demux(new Uint8Array(readFileSync(path.join(VECTORS, 'cbcsdec.mp4'))));
    expect((cbcs[0] as Fmp4InitItem).tracks[0]?.track).toMatchObject({ kind: 'video', codec: 'avc1.64001f' });
  });

  it('rejects a trun whose data lies outside the mdat with ISOBMFF_INVALID_BOX', () => {
    const bytes = new Uint8Array(files.get('h264 + aac') as Uint8Array);
    const view = new DataView(bytes.buffer);
    // Find the first trun and corrupt its data_offset.
    let at = -1;
    for (let i = 0; i < bytes.byteLength - 4; i++) if (view.getUint32(i) === 0x7472756e) { at = i; break; }
    view.setInt32(at + 12, 0x7ffffff0);
    let error: unknown;
    try {
      demux(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OttError);
    expect((error as OttError).code).toBe('ISOBMFF_INVALID_BOX');
  });
});
