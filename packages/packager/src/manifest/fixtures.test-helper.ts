import type { TrackInfo } from '@ott/core';
import type { RenditionRecord, SegmentRecord } from './RenditionRecord.js';

/** A rendition record with back-to-back segments of the given durations (in timescale units) and byte sizes. */
export function renditionRecord(
  renditionId: string,
  track: TrackInfo,
  durations: readonly number[],
  bytes: number | readonly number[],
  start = 0,
): RenditionRecord {
  let time = start;
  const segments: SegmentRecord[] = durations.map((duration, i) => {
    const segment: SegmentRecord = {
      number: i + 1,
      path: `${renditionId}/seg-${String(i + 1).padStart(5, '0')}.m4s`,
      startTime: time,
      presentationTime: time,
      duration,
      byteLength: typeof bytes === 'number' ? bytes : (bytes[i] ?? 0),
      startsWithKeyframe: true,
    };
    time += duration;
    return segment;
  });
  return { renditionId, track, initPath: `${renditionId}/init.mp4`, segments };
}

export function videoTrack(width: number, height: number, extra: Partial<TrackInfo> = {}): TrackInfo {
  return { id: 1, kind: 'video', codec: 'avc1.64001f', sampleEntry: 'avc1', timescale: 15360, width, height, frameRate: 30, ...extra };
}

export function audioTrack(extra: Partial<TrackInfo> = {}): TrackInfo {
  return { id: 1, kind: 'audio', codec: 'mp4a.40.2', sampleEntry: 'mp4a', timescale: 48000, sampleRate: 48000, channels: 2, ...extra };
}
