import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDIO_CODECS, VIDEO_CODECS, makeMedia, makeTempDir } from '../testing/makeMedia.js';
import { isOttError } from '../../errors/OttError.js';
import { readMp4Movie } from './readMp4Movie.js';

const tmp = makeTempDir();

/** What `run` throws (undefined when it returns). */
function errorOf(run: () => unknown): unknown {
  try {
    run();
    return undefined;
  } catch (error) {
    return error;
  }
}
afterAll(() => tmp.cleanup());

describe('readMp4Movie', () => {
  it('normalises B-frame video so the first sample presents at its decode time, and leaves AAC priming alone', () => {
    // ffmpeg writes an edit list on both tracks: B-frame delay for video, 1024 samples of encoder priming for AAC.
    const file = makeMedia(path.join(tmp.dir, 'progressive.mp4'), [...VIDEO_CODECS.h264, ...AUDIO_CODECS.aac]);
    const movie = readMp4Movie(new Uint8Array(readFileSync(file)));
    const video = movie.tracks.find((t) => t.track.kind === 'video');
    const audio = movie.tracks.find((t) => t.track.kind === 'audio');
    expect(video?.compositionShift).toBeGreaterThan(0);
    expect(video?.normalizedCompositionOffsets[0]).toBe(0);
    expect(audio?.compositionShift).toBe(0);
    expect(Array.from(audio?.normalizedCompositionOffsets ?? [-1]).every((offset) => offset === 0)).toBe(true);
  });

  it('refuses a fixed-size stsz that declares more sample bytes than the file has, before allocating its columns', () => {
    const file = makeMedia(path.join(tmp.dir, 'audio.mp4'), [...AUDIO_CODECS.aac]);
    const bytes = new Uint8Array(readFileSync(file));
    const at = Buffer.from(bytes).indexOf('stsz');
    expect(at).toBeGreaterThan(0);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    view.setUint32(at + 8, 1000); // sample_size: every sample 1000 bytes
    view.setUint32(at + 12, 40_000_000); // sample_count: 40 GB of samples in a file of a few KB
    const before = process.memoryUsage().arrayBuffers;
    const error = errorOf(() => readMp4Movie(bytes, { fileBytes: bytes.length }));
    expect(isOttError(error) && error.code).toBe('ISOBMFF_TOO_LARGE');
    expect(String((error as Error).message)).toMatch(/40000000 samples of 1000 bytes/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });

  it.each([
    ['mdhd timescale 0', 'mdhd', (view: DataView, at: number) => view.setUint32(at + 4 + 4 + 8, 0), /timescale is 0/],
    ['every stts delta 0', 'stts', (view: DataView, at: number) => {
      const entries = view.getUint32(at + 8);
      for (let e = 0; e < entries; e++) view.setUint32(at + 12 + e * 8 + 4, 0);
    }, /duration of 0/],
  ] as const)('refuses a track with %s (no Infinity or 0 durations reach the manifests)', (_what, box, patch, message) => {
    const file = makeMedia(path.join(tmp.dir, `audio-${box}.mp4`), [...AUDIO_CODECS.aac]);
    const bytes = new Uint8Array(readFileSync(file));
    const at = Buffer.from(bytes).indexOf(box);
    expect(at).toBeGreaterThan(0);
    patch(new DataView(bytes.buffer, bytes.byteOffset), at);
    const error = errorOf(() => readMp4Movie(bytes, { fileBytes: bytes.length }));
    expect(isOttError(error) && error.code).toBe('ISOBMFF_INVALID_BOX');
    expect(String((error as Error).message)).toMatch(message);
  });
});
