import { createReadStream } from 'node:fs';
import { Fmp4Demuxer } from '@ott/core';
import type { Backpressure, BufferPool, CmafFragment, CmafInit, TrackInfo } from '@ott/core';
import { FragmentRegrouper } from './FragmentRegrouper.js';
import { renditionIdsOf } from './renditionIdsOf.js';

/** Options shared by the progressive and fragmented readers. */
export interface Mp4ReadContext {
  readonly path: string;
  readonly blockSize: number;
  readonly fragmentDuration: number;
  readonly renditionIdOf: ((track: TrackInfo) => string) | undefined;
  readonly flow: Backpressure | undefined;
  /** Where progressive reads take their fragment buffers from (fresh ones when undefined). */
  readonly pool: BufferPool | undefined;
  readonly emit: (item: CmafInit | CmafFragment) => void;
  readonly isClosed: () => boolean;
  /** Registers a teardown action run on unsubscribe. */
  readonly onClose: (action: () => void) => void;
}

/** Streams a fragmented MP4 through {@link Fmp4Demuxer}, re-cutting fragments per GOP / duration. */
export function readFragmentedMp4(ctx: Mp4ReadContext): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stream = createReadStream(ctx.path, { highWaterMark: ctx.blockSize });
    const demuxer = new Fmp4Demuxer();
    const regroupers = new Map<number, FragmentRegrouper>();
    const unlisten = ctx.flow?.onChange((paused) => (paused ? stream.pause() : stream.resume()));
    ctx.onClose(() => {
      unlisten?.();
      stream.destroy();
    });
    const fail = (error: unknown): void => {
      unlisten?.();
      stream.destroy();
      reject(error);
    };
    stream.on('data', (chunk) => {
      try {
        for (const item of demuxer.push(chunk as Buffer)) {
          if (ctx.isClosed()) return;
          if (item.type === 'init') {
            const ids = renditionIdsOf(item.tracks.map((t) => t.track), ctx.renditionIdOf);
            for (const { track, sampleEntry } of item.tracks) {
              const renditionId = ids.get(track.id) as string;
              if (!regroupers.has(track.id)) regroupers.set(track.id, new FragmentRegrouper(track, renditionId, ctx.fragmentDuration, ctx.flow));
              ctx.emit({ type: 'cmaf-init', renditionId, track, sampleEntry });
            }
          } else {
            const regrouper = regroupers.get(item.trackId);
            if (regrouper === undefined) continue;
            for (const fragment of regrouper.push(item.samples, item.data, item.baseMediaDecodeTime)) ctx.emit(fragment);
          }
        }
        if (ctx.flow?.paused) stream.pause();
      } catch (error) {
        fail(error);
      }
    });
    stream.on('error', fail);
    stream.on('end', () => {
      try {
        demuxer.end();
        for (const regrouper of regroupers.values()) for (const fragment of regrouper.flush()) ctx.emit(fragment);
        unlisten?.();
        resolve();
      } catch (error) {
        fail(error);
      }
    });
  });
}
