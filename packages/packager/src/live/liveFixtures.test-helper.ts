import { lastValueFrom, from, toArray } from 'rxjs';
import type { CmafFragment, CmafInit, CmafSample, LiveSession, Manifest, PipelineItem, TrackInfo } from '@ott/core';
import { packageLive } from './packageLive.js';
import type { PackageLiveOptions } from './PackageLiveOptions.js';

/** One publisher session of a synthetic live stream. */
export interface FakeSession {
  readonly seconds: number;
  /** Wall-clock seconds the publisher was away before this session. */
  readonly gapSeconds?: number;
  /** Changes the sample entry bytes (a different decoder set-up: a new init). */
  readonly entryVariant?: number;
}

/** A synthetic live stream as `transcodeLive` would emit it. */
export interface FakeLiveOptions {
  readonly sessions: readonly FakeSession[];
  readonly video?: readonly string[];
  /** Audio rendition id; `null` for none. */
  readonly audio?: string | null;
  /** Video frames per fragment (default 15: 0.5 s at 30 fps); fragments also break before each keyframe. */
  readonly videoFrames?: number;
  /** Audio frames per fragment (default 23: 0.49 s at 48 kHz). */
  readonly audioFrames?: number;
  /** Wall clock of the first session, epoch ms. */
  readonly wallClock?: number;
  /** Seconds between keyframes (default 2). */
  readonly gop?: number;
  /** Audio starts this many seconds before (negative: after) the session start. */
  readonly audioLead?: number;
  /** Audio lasts this many seconds longer than the video (a sliver past the end). */
  readonly audioExtra?: number;
}

export const WALL_CLOCK = Date.UTC(2024, 0, 1, 12, 0, 0);
const VIDEO_TIMESCALE = 15360;
const FRAME = 512; // 30 fps
const AUDIO_FRAME = 1024; // 48 kHz

function entry(type: string, variant: number): Uint8Array {
  const bytes = new Uint8Array(17);
  new DataView(bytes.buffer).setUint32(0, 17);
  for (let i = 0; i < 4; i++) bytes[4 + i] = type.charCodeAt(i);
  bytes[16] = variant;
  return bytes;
}

export function videoTrack(extra: Partial<TrackInfo> = {}): TrackInfo {
  return { id: 1, kind: 'video', codec: 'avc1.64001f', sampleEntry: 'avc1', timescale: VIDEO_TIMESCALE, width: 1280, height: 720, ...extra };
}

export function audioTrack(): TrackInfo {
  return { id: 1, kind: 'audio', codec: 'mp4a.40.2', sampleEntry: 'mp4a', timescale: 48000, sampleRate: 48000, channels: 2 };
}

function fragment(renditionId: string, start: number, samples: CmafSample[], seed: number): CmafFragment {
  const size = samples.reduce((sum, s) => sum + s.size, 0);
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (seed + i) & 0xff;
  return { type: 'cmaf-fragment', renditionId, trackId: 1, baseMediaDecodeTime: start, samples, data };
}

/** The items of a synthetic live stream: per session a `live-session`, the inits, then fragments in time order. */
export function fakeLiveStream(options: FakeLiveOptions): PipelineItem[] {
  const videoIds = options.video ?? ['video_720p'];
  const audioId = options.audio === undefined ? 'audio_aac' : options.audio;
  const gop = options.gop ?? 2;
  const videoFrames = options.videoFrames ?? 15;
  const audioFrames = options.audioFrames ?? 23;
  const items: PipelineItem[] = [];
  let start = 0;
  let wall = options.wallClock ?? WALL_CLOCK;
  options.sessions.forEach((spec, index) => {
    wall += (spec.gapSeconds ?? 0) * 1000;
    const session: LiveSession = { type: 'live-session', streamKey: 'test', session: index + 1, discontinuity: index > 0, wallClock: wall, mediaTimeSeconds: start };
    items.push(session);
    const variant = spec.entryVariant ?? 0;
    for (const id of videoIds) items.push({ type: 'cmaf-init', renditionId: id, track: videoTrack(), sampleEntry: entry('avc1', variant) } satisfies CmafInit);
    if (audioId !== null) items.push({ type: 'cmaf-init', renditionId: audioId, track: audioTrack(), sampleEntry: entry('mp4a', variant) } satisfies CmafInit);
    const timed: { seconds: number; item: CmafFragment }[] = [];
    const frames = Math.round(spec.seconds * 30);
    const gopFrames = Math.round(gop * 30);
    const v0 = Math.round(start * VIDEO_TIMESCALE);
    for (const id of videoIds) {
      let i = 0;
      while (i < frames) {
        const first = i;
        const samples: CmafSample[] = [];
        do {
          const isSync = i % gopFrames === 0;
          samples.push({ duration: FRAME, size: isSync ? 40 : 10, compositionTimeOffset: 0, isSync });
          i++;
        } while (i < frames && i - first < videoFrames && i % gopFrames !== 0);
        timed.push({ seconds: (v0 + first * FRAME) / VIDEO_TIMESCALE, item: fragment(id, v0 + first * FRAME, samples, first) });
      }
    }
    if (audioId !== null) {
      const lead = options.audioLead ?? 0;
      const a0 = Math.round((start - lead) * 48000);
      const count = Math.floor(((spec.seconds + lead + (options.audioExtra ?? 0)) * 48000) / AUDIO_FRAME);
      for (let j = 0; j < count; j += audioFrames) {
        const n = Math.min(audioFrames, count - j);
        const samples = Array.from({ length: n }, () => ({ duration: AUDIO_FRAME, size: 6, compositionTimeOffset: 0, isSync: true }));
        timed.push({ seconds: (a0 + j * AUDIO_FRAME) / 48000, item: fragment(audioId, a0 + j * AUDIO_FRAME, samples, j) });
      }
    }
    timed.sort((a, b) => a.seconds - b.seconds);
    items.push(...timed.map((t) => t.item));
    const videoEnd = frames * FRAME / VIDEO_TIMESCALE;
    const lead = options.audioLead ?? 0;
    const audioCount = Math.floor(((spec.seconds + lead + (options.audioExtra ?? 0)) * 48000) / AUDIO_FRAME);
    const audioEnd = audioId === null ? 0 : (audioCount * AUDIO_FRAME) / 48000 - lead;
    const duration = Math.max(videoIds.length > 0 ? videoEnd : 0, audioEnd);
    start += duration;
    wall += duration * 1000;
  });
  return items;
}

/** Runs the items through {@link packageLive} and collects the output. */
export function runPackager(items: readonly PipelineItem[], options: PackageLiveOptions = {}): Promise<PipelineItem[]> {
  return lastValueFrom(from(items).pipe(packageLive({ clock: () => WALL_CLOCK + 3_600_000, ...options }), toArray()));
}

/** What a reader of the output folder sees at one moment: files by path (text for manifests). */
export interface FolderSnapshot {
  readonly files: ReadonlyMap<string, Uint8Array | string>;
  /** The manifest just written. */
  readonly manifest: Manifest;
}

/** Replays the items in order as the folder sink stores them; calls `visit` after every manifest. */
export function replayFolder(items: readonly PipelineItem[], visit: (snapshot: FolderSnapshot) => void = () => undefined): Map<string, Uint8Array | string> {
  const files = new Map<string, Uint8Array | string>();
  for (const item of items) {
    if (item.type === 'init-segment') files.set(item.path, item.data);
    else if (item.type === 'media-segment' || item.type === 'media-part') files.set(item.path, concat(item.chunks));
    else if (item.type === 'remove-file') files.delete(item.path);
    else if (item.type === 'manifest-file') {
      files.set(item.path, item.data);
      visit({ files, manifest: item });
    }
  }
  return files;
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Manifests of one path, in the order they were written. */
export function versionsOf(items: readonly PipelineItem[], path: string): string[] {
  return items.filter((i): i is Manifest => i.type === 'manifest-file' && i.path === path).map((m) => m.data);
}
