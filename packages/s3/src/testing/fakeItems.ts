import { initPath, partPath } from '@ott/core';
import type { InitSegment, Manifest, Part, RemoveFile, Segment, TrackInfo } from '@ott/core';

const track: TrackInfo = { id: 1, kind: 'video', codec: 'avc1.64001f', sampleEntry: 'avc1', timescale: 1000 };

/** Deterministic bytes (so a test can check what arrived). */
export function bytesOf(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (seed * 31 + i) & 0xff;
  return out;
}

export function fakeInit(renditionId = 'v'): InitSegment {
  return { type: 'init-segment', renditionId, track, path: initPath(renditionId), data: bytesOf(0, 64) };
}

export function fakePart(number: number, index: number, data: Uint8Array, renditionId = 'v'): Part {
  return {
    type: 'media-part',
    renditionId,
    track,
    segmentNumber: number,
    index,
    startTime: 0,
    duration: 500,
    independent: index === 0,
    path: partPath(renditionId, number, index),
    chunks: [data],
    byteLength: data.byteLength,
  };
}

export function fakeSegment(number: number, chunks: readonly Uint8Array[], renditionId = 'v'): Segment {
  return {
    type: 'media-segment',
    renditionId,
    track,
    number,
    startTime: (number - 1) * 1000,
    duration: 1000,
    presentationTime: (number - 1) * 1000,
    startsWithKeyframe: true,
    path: `${renditionId}/seg-${String(number).padStart(5, '0')}.m4s`,
    chunks,
    byteLength: chunks.reduce((sum, c) => sum + c.byteLength, 0),
  };
}

/** An HLS media playlist listing segments `first..last` of `renditionId` (and, optionally, parts of the next one). */
export function fakePlaylist(first: number, last: number, options: { parts?: readonly string[]; ended?: boolean; renditionId?: string } = {}): Manifest {
  const id = options.renditionId ?? 'v';
  const lines = ['#EXTM3U', '#EXT-X-VERSION:9', '#EXT-X-TARGETDURATION:1', `#EXT-X-MEDIA-SEQUENCE:${first}`, '#EXT-X-MAP:URI="init.mp4"'];
  for (let n = first; n <= last; n++) lines.push('#EXTINF:1.0,', `seg-${String(n).padStart(5, '0')}.m4s`);
  for (const part of options.parts ?? []) lines.push(`#EXT-X-PART:DURATION=0.5,URI="${part}"`);
  if (options.ended) lines.push('#EXT-X-ENDLIST');
  return { type: 'manifest-file', format: 'hls', role: 'media', path: `${id}/playlist.m3u8`, data: `${lines.join('\n')}\n` };
}

export function fakeMaster(renditionIds: readonly string[] = ['v']): Manifest {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7'];
  for (const id of renditionIds) lines.push('#EXT-X-STREAM-INF:BANDWIDTH=100000,CODECS="avc1.64001f"', `${id}/playlist.m3u8`);
  return { type: 'manifest-file', format: 'hls', role: 'master', path: 'master.m3u8', data: `${lines.join('\n')}\n` };
}

export function fakeRemove(path: string): RemoveFile {
  return { type: 'remove-file', path };
}
