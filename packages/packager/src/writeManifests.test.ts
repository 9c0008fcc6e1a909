import { describe, expect, it } from 'vitest';
import { firstValueFrom, from, toArray } from 'rxjs';
import { isOttError } from '@ott/core';
import type { InitSegment, Manifest, PipelineItem, Segment, TrackInfo } from '@ott/core';
import { writeManifests } from './writeManifests.js';

const video: TrackInfo = { id: 1, kind: 'video', codec: 'avc1.64001f', sampleEntry: 'avc1', timescale: 1000, width: 640, height: 360 };
const audio: TrackInfo = { id: 1, kind: 'audio', codec: 'mp4a.40.2', sampleEntry: 'mp4a', timescale: 1000, channels: 2, sampleRate: 48000 };

const init = (renditionId: string, track: TrackInfo): InitSegment => ({ type: 'init-segment', renditionId, track, path: `${renditionId}/init.mp4`, data: new Uint8Array(4) });

function segment(renditionId: string, track: TrackInfo, number: number): Segment {
  return {
    type: 'media-segment', renditionId, track, number, startTime: (number - 1) * 4000, duration: 4000, presentationTime: (number - 1) * 4000,
    startsWithKeyframe: true, path: `${renditionId}/seg-${String(number).padStart(5, '0')}.m4s`, chunks: [new Uint8Array(500)], byteLength: 500,
  };
}

const run = (items: PipelineItem[], options?: Parameters<typeof writeManifests>[0]): Promise<PipelineItem[]> =>
  firstValueFrom(from(items).pipe(writeManifests(options), toArray()));

describe('writeManifests', () => {
  const items: PipelineItem[] = [
    init('v', video), init('a', audio), segment('v', video, 1), segment('a', audio, 1), segment('v', { ...video, frameRate: 25 }, 2), segment('a', audio, 2),
  ];

  it('passes files through unchanged, then emits media playlists, the master playlist and the MPD', async () => {
    const out = await run(items);
    expect(out.slice(0, items.length)).toEqual(items);
    const manifests = out.slice(items.length) as Manifest[];
    expect(manifests.map((m) => [m.format, m.role, m.path])).toEqual([
      ['hls', 'media', 'v/playlist.m3u8'],
      ['hls', 'media', 'a/playlist.m3u8'],
      ['hls', 'master', 'master.m3u8'],
      ['dash', 'master', 'manifest.mpd'],
    ]);
    expect(manifests[2]?.data).toContain('CODECS="avc1.64001f,mp4a.40.2"');
    // The frame rate the segmenter estimated reaches the manifests.
    expect(manifests[2]?.data).toContain('FRAME-RATE=25.000');
    expect(manifests[3]?.data).toContain('<S t="0" d="4000" r="1"/>');
  });

  it('writes only the formats and names asked for', async () => {
    const out = await run(items, { formats: ['dash'], mpdName: 'stream.mpd' });
    expect(out.filter((i) => i.type === 'manifest-file').map((m) => (m as Manifest).path)).toEqual(['stream.mpd']);
    const hls = await run(items, { formats: ['hls'], masterName: 'index.m3u8', mediaPlaylistName: 'media.m3u8' });
    expect(hls.filter((i) => i.type === 'manifest-file').map((m) => (m as Manifest).path)).toEqual(['v/media.m3u8', 'a/media.m3u8', 'index.m3u8']);
  });

  it('leaves a rendition without segments out, with a warning', async () => {
    const out = await run([...items, init('empty', audio)]);
    expect(out.find((i) => i.type === 'warning')).toMatchObject({ code: 'PACKAGE_EMPTY_RENDITION' });
    expect(out.some((i) => i.type === 'manifest-file' && i.path.startsWith('empty/'))).toBe(false);
  });

  it('fails with PACKAGE_INVALID_INPUT when there is nothing to list', async () => {
    const error = await run([init('v', video)]).catch((e: unknown) => e);
    expect(isOttError(error) && error.code).toBe('PACKAGE_INVALID_INPUT');
  });
});
