import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDIO_CODECS, VIDEO_CODECS, makeMedia, makeTempDir } from '../testing/makeMedia.js';
import { readMp4Movie } from './readMp4Movie.js';

const tmp = makeTempDir();
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
});
