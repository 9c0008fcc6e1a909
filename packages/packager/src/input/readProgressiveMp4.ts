import type { FileHandle } from 'node:fs/promises';
import { OttError } from '@ott/core';
import type { CmafSample, Mp4Movie, Mp4MovieTrack } from '@ott/core';
import type { Mp4ReadContext } from './readFragmentedMp4.js';
import { planFragments } from './planFragments.js';
import type { FragmentPlan } from './planFragments.js';
import { renditionIdsOf } from './renditionIdsOf.js';
import { sampleReadOrder } from './sampleReadOrder.js';

interface TrackState {
  readonly t: Mp4MovieTrack;
  readonly renditionId: string;
  readonly plans: FragmentPlan[];
  /** Plan index of each sample. */
  readonly planOf: Uint32Array;
  /** Byte position of each sample inside its fragment's data. */
  readonly posInFragment: Float64Array;
  readonly open: Map<number, { data: Uint8Array; left: number }>;
  readonly done: Map<number, Uint8Array>;
  nextToEmit: number;
}

function prepare(t: Mp4MovieTrack, renditionId: string, fragmentDuration: number, fileSize: number, path: string): TrackState {
  const plans = planFragments(t.track.kind, t.sync, t.durations, fragmentDuration * t.track.timescale);
  const planOf = new Uint32Array(t.count);
  const posInFragment = new Float64Array(t.count);
  plans.forEach((plan, p) => {
    let pos = 0;
    for (let i = plan.start; i < plan.end; i++) {
      planOf[i] = p;
      posInFragment[i] = pos;
      pos += t.sizes[i] as number;
    }
  });
  for (let i = 0; i < t.count; i++) {
    if ((t.offsets[i] as number) + (t.sizes[i] as number) > fileSize) {
      throw new OttError(
        'PACKAGE_INVALID_INPUT',
        `${path}: sample ${i + 1} of track ${t.track.id} lies at bytes ${t.offsets[i]}–${(t.offsets[i] as number) + (t.sizes[i] as number)}, beyond the end of the ${fileSize}-byte file; the file is truncated or its sample table is corrupt. Remux it with ffmpeg -c copy.`,
        { stage: 'packager', details: { trackId: t.track.id, sample: i + 1 } },
      );
    }
  }
  return { t, renditionId, plans, planOf, posInFragment, open: new Map(), done: new Map(), nextToEmit: 0 };
}

function samplesOf(t: Mp4MovieTrack, plan: FragmentPlan): CmafSample[] {
  const samples: CmafSample[] = new Array<CmafSample>(plan.end - plan.start);
  for (let i = plan.start; i < plan.end; i++) {
    samples[i - plan.start] = {
      duration: t.durations[i] as number, size: t.sizes[i] as number,
      compositionTimeOffset: t.normalizedCompositionOffsets[i] as number, isSync: t.track.kind === 'audio' || t.sync[i] === 1,
    };
  }
  return samples;
}

/**
 * Reads the samples of a progressive MP4 front to back in large blocks, copying each sample into the data buffer
 * of its output fragment and emitting fragments (in order per track) as soon as they are complete.
 */
export async function readProgressiveMp4(file: FileHandle, fileSize: number, movie: Mp4Movie, ctx: Mp4ReadContext): Promise<void> {
  const ids = renditionIdsOf(movie.tracks.map((t) => t.track), ctx.renditionIdOf);
  const states = movie.tracks.map((t) => prepare(t, ids.get(t.track.id) as string, ctx.fragmentDuration, fileSize, ctx.path));
  for (const s of states) ctx.emit({ type: 'cmaf-init', renditionId: s.renditionId, track: s.t.track, sampleEntry: s.t.sampleEntry });

  // Two blocks: while samples are copied out of one, the next is read into the other (the read order is by offset,
  // so the next block is almost always the one wanted).
  const blocks = [Buffer.allocUnsafeSlow(ctx.blockSize), Buffer.allocUnsafeSlow(ctx.blockSize)] as const;
  let current = 0;
  let block: Buffer = blocks[0];
  let blockStart = 0;
  let blockEnd = 0;
  let prefetch: { readonly offset: number; readonly bytes: Promise<number> } | undefined;
  const readInto = (target: Buffer, offset: number): Promise<number> => {
    const bytes = file.read(target, 0, Math.min(ctx.blockSize, fileSize - offset), offset).then((r) => r.bytesRead);
    bytes.catch(() => undefined); // awaited later; a failure is reported there, not as an unhandled rejection
    return bytes;
  };
  const waitWhilePaused = async (): Promise<void> => {
    while (ctx.flow?.paused && !ctx.isClosed()) {
      await new Promise<void>((resolve) => {
        const off = ctx.flow?.onChange((paused) => {
          if (!paused) {
            off?.();
            resolve();
          }
        });
        ctx.onClose(() => resolve());
      });
    }
  };
  const load = async (offset: number): Promise<void> => {
    await waitWhilePaused();
    let bytesRead: number;
    const ahead = prefetch;
    prefetch = undefined;
    if (ahead !== undefined && offset >= ahead.offset && offset < ahead.offset + ctx.blockSize) {
      bytesRead = await ahead.bytes;
      current ^= 1;
      blockStart = ahead.offset;
    } else {
      if (ahead !== undefined) await ahead.bytes.catch(() => 0); // its buffer must be free before reuse
      bytesRead = await readInto(blocks[current] as Buffer, offset);
      blockStart = offset;
    }
    block = blocks[current] as Buffer;
    blockEnd = blockStart + bytesRead;
    if (offset >= blockEnd) throw new OttError('PACKAGE_INVALID_INPUT', `${ctx.path}: could not read at offset ${offset}; the file shrank while reading.`, { stage: 'packager' });
    if (blockEnd < fileSize) prefetch = { offset: blockEnd, bytes: readInto(blocks[current ^ 1] as Buffer, blockEnd) };
  };

  const order = sampleReadOrder(movie.tracks);
  for (let n = 0; n < order.length; n++) {
    if (ctx.isClosed()) return;
    const key = order[n] as number;
    const k = Math.floor(key / 4294967296);
    const i = key - k * 4294967296;
    const s = states[k] as TrackState;
    const p = s.planOf[i] as number;
    let frag = s.open.get(p);
    if (frag === undefined) {
      const plan = s.plans[p] as FragmentPlan;
      const last = plan.end - 1;
      // Every byte is copied in below, so the buffer needs no zero fill.
      frag = { data: Buffer.allocUnsafeSlow((s.posInFragment[last] as number) + (s.t.sizes[last] as number)), left: plan.end - plan.start };
      s.open.set(p, frag);
    }
    let offset = s.t.offsets[i] as number;
    let size = s.t.sizes[i] as number;
    let dest = s.posInFragment[i] as number;
    while (size > 0) {
      if (offset < blockStart || offset >= blockEnd) await load(offset);
      const part = Math.min(size, blockEnd - offset);
      frag.data.set(block.subarray(offset - blockStart, offset - blockStart + part), dest);
      offset += part;
      dest += part;
      size -= part;
    }
    if (--frag.left === 0) {
      s.open.delete(p);
      s.done.set(p, frag.data);
      for (let data = s.done.get(s.nextToEmit); data !== undefined; data = s.done.get(s.nextToEmit)) {
        s.done.delete(s.nextToEmit);
        const plan = s.plans[s.nextToEmit] as FragmentPlan;
        s.nextToEmit++;
        ctx.emit({
          type: 'cmaf-fragment', renditionId: s.renditionId, trackId: s.t.track.id, baseMediaDecodeTime: s.t.decodeTimes[plan.start] as number,
          samples: samplesOf(s.t, plan), data, ...(ctx.flow ? { flow: ctx.flow } : {}),
        });
        if (ctx.isClosed()) return;
      }
    }
  }
  // Zero-size samples complete no copy; fragments made only of them are still emitted above. Anything left is a bug.
  await prefetch?.bytes.catch(() => 0);
}
