import { Observable } from 'rxjs';
import { Backpressure, Fmp4Demuxer, OttError } from '@ott/core';
import type { CmafFragment, CmafInit, Fmp4FragmentItem, Fmp4InitItem, WarningCode, WarningEvent } from '@ott/core';
import { toCmafInit } from '@ott/transcode';
import type { FarmStorage } from './storage/FarmStorage.js';
import type { StitchTask } from './VodPlan.js';

/** Options of {@link stitchChunks}. */
export interface StitchChunksOptions {
  /** Flow control with the sink: the next chunk is read only while it is not paused (default 32 MiB high water). */
  readonly flow?: Backpressure;
  /** Called after each stored piece is emitted (`done` of `total` pieces over every rendition). */
  readonly onPiece?: (done: number, total: number) => void;
}

/**
 * Reads the stored pieces of every rendition in timeline order and emits them as ONE continuous CMAF track per
 * rendition: one `CmafInit` (every piece must carry the same decoder configuration), then every fragment with its
 * `tfdt` (base media decode time) moved so each piece starts exactly where the previous one ended. Pieces of one
 * rendition are encoded with identical settings and timestamps that restart at 0, so laying them end to end on the
 * decode timeline neither drops nor repeats a frame; a piece whose start drifts more than one frame from its nominal
 * chunk start (a source with a variable frame rate) is reported as a `QUEUE_CHUNK_DRIFT` warning. Every video piece
 * must start with a keyframe (it starts a segment). Renditions are emitted one after the other, one piece in memory
 * at a time.
 */
export function stitchChunks(task: StitchTask, storage: FarmStorage, options: StitchChunksOptions = {}): Observable<CmafInit | CmafFragment | WarningEvent> {
  return new Observable((subscriber) => {
    let closed = false;
    const flow = options.flow ?? new Backpressure();
    const total = task.renditions.reduce((sum, r) => sum + r.keys.length, 0);
    let done = 0;
    const run = async (): Promise<void> => {
      for (const { rendition, keys } of task.renditions) {
        let init: CmafInit | undefined;
        let origin = 0;
        let next: number | undefined;
        for (const [index, key] of keys.entries()) {
          await whileFlowPaused(flow, () => closed);
          if (closed) return;
          const { initItem, fragments } = demux(await storage.read(key), key);
          const pieceInit = toCmafInit(initItem, rendition);
          if (init === undefined) {
            init = pieceInit;
            subscriber.next(init);
          } else if (!sameBytes(init.sampleEntry, pieceInit.sampleEntry) || init.track.timescale !== pieceInit.track.timescale) {
            throw stitchError(`${key} was encoded with a different decoder configuration than the first piece of "${rendition.id}"; every chunk must use the same encoder settings. Re-run the job.`, key);
          }
          const first = fragments[0];
          if (first === undefined) {
            subscriber.next(warning('QUEUE_EMPTY_CHUNK', `${key} holds no samples (a chunk past the end of the source); it is skipped.`));
            continue;
          }
          if (rendition.kind === 'video' && first.samples[0]?.isSync !== true) {
            throw stitchError(`${key} does not start with a keyframe, so its first segment would not be decodable on its own. Check extraArgs for keyframe options.`, key);
          }
          const timescale = init.track.timescale;
          if (next === undefined) origin = first.baseMediaDecodeTime;
          else {
            const nominal = origin + Math.round((task.chunkStarts[index] ?? 0) * timescale);
            const frame = Math.max(...first.samples.map((s) => s.duration));
            if (Math.abs(next - nominal) > frame) {
              const drift = ((next - nominal) / timescale).toFixed(3);
              subscriber.next(warning('QUEUE_CHUNK_DRIFT', `"${rendition.id}" chunk ${index} starts ${drift} s away from its nominal start (${task.chunkStarts[index] ?? 0} s); the source frame rate is probably variable. Joined end to end.`));
            }
          }
          const offset = next === undefined ? 0 : next - first.baseMediaDecodeTime;
          for (const fragment of fragments) {
            if (closed) return;
            subscriber.next({ type: 'cmaf-fragment', renditionId: rendition.id, trackId: fragment.trackId, baseMediaDecodeTime: fragment.baseMediaDecodeTime + offset, samples: fragment.samples, data: fragment.data, flow });
          }
          const last = fragments[fragments.length - 1] as Fmp4FragmentItem;
          next = last.baseMediaDecodeTime + offset + last.samples.reduce((sum, s) => sum + s.duration, 0);
          done += 1;
          options.onPiece?.(done, total);
        }
      }
    };
    run().then(
      () => {
        if (!closed) subscriber.complete();
      },
      (error: unknown) => {
        if (!closed) subscriber.error(error);
      },
    );
    return () => {
      closed = true;
    };
  });
}

function demux(bytes: Uint8Array, key: string): { initItem: Fmp4InitItem; fragments: Fmp4FragmentItem[] } {
  const demuxer = new Fmp4Demuxer();
  let initItem: Fmp4InitItem | undefined;
  const fragments: Fmp4FragmentItem[] = [];
  try {
    for (const item of demuxer.push(bytes)) {
      if (item.type === 'init') initItem = item;
      else fragments.push(item);
    }
    demuxer.end();
  } catch (error) {
    throw stitchError(`${key} is not a readable fragmented MP4 (${error instanceof Error ? error.message : String(error)}).`, key, error);
  }
  if (initItem === undefined) throw stitchError(`${key} has no moov (the encode did not finish).`, key);
  return { initItem, fragments };
}

async function whileFlowPaused(flow: Backpressure, isClosed: () => boolean): Promise<void> {
  if (!flow.paused || isClosed()) return;
  await new Promise<void>((resolve) => {
    const off = flow.onChange((paused) => {
      if (paused) return;
      off();
      resolve();
    });
  });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
}

function warning(code: WarningCode, message: string): WarningEvent {
  return { type: 'warning', stage: 'transcode', code, message };
}

function stitchError(message: string, key: string, cause?: unknown): OttError {
  return new OttError('QUEUE_JOB_FAILED', `Stitching failed: ${message}`, { stage: 'transcode', details: { key }, ...(cause !== undefined ? { cause } : {}) });
}
