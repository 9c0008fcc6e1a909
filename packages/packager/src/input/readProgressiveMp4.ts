import type { FileHandle } from 'node:fs/promises';
import { OttError } from '@ott/core';
import type { BufferPool, CmafSample } from '@ott/core';
import type { Mp4ReadContext } from './readFragmentedMp4.js';
import type { FragmentPlan } from './planFragments.js';
import type { ProgressiveTrack } from './progressiveTracksOf.js';
import { ScatterRead } from './ScatterRead.js';
import { sampleReadOrder } from './sampleReadOrder.js';

/** Reads started and not yet finished: enough to keep the disk busy while completed fragments go downstream. */
const READS_IN_FLIGHT = 2;

interface TrackState {
  readonly t: ProgressiveTrack;
  /** Fragments whose buffer exists and whose samples are not all read yet, by plan index. */
  readonly open: Map<number, OpenFragment>;
  /** Complete fragments waiting for an earlier one of the same track. */
  readonly done: Map<number, Uint8Array>;
  /** Plan of the last sample looked up (samples mostly come in order). */
  cursor: number;
  nextToEmit: number;
}

interface OpenFragment {
  readonly s: TrackState;
  readonly plan: number;
  readonly data: Uint8Array;
  /** Samples not yet added to a read. */
  unassigned: number;
  /** Reads holding some of its samples that have not finished. */
  reading: number;
  /** The next sample in order and its byte position in `data` (samples almost always come in order). */
  nextSample: number;
  nextAt: number;
  lastRead: ScatterRead<OpenFragment> | undefined;
}

function planIndexOf(s: TrackState, i: number): number {
  const plans = s.t.plans;
  let p = s.cursor;
  if (i >= (plans[p] as FragmentPlan).end) p += 1;
  if (i < (plans[p] as FragmentPlan).start || i >= (plans[p] as FragmentPlan).end) {
    let lo = 0;
    let hi = plans.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((plans[mid] as FragmentPlan).start <= i) lo = mid;
      else hi = mid - 1;
    }
    p = lo;
  }
  s.cursor = p;
  return p;
}

function openFragment(s: TrackState, p: number, pool: BufferPool | undefined): OpenFragment {
  const plan = s.t.plans[p] as FragmentPlan;
  let size = 0;
  for (let i = plan.start; i < plan.end; i++) size += s.t.sizes[i] as number;
  // Every byte is read into it, so it needs no zero fill.
  const frag: OpenFragment = { s, plan: p, data: pool === undefined ? Buffer.allocUnsafeSlow(size) : pool.take(size), unassigned: plan.end - plan.start, reading: 0, nextSample: plan.start, nextAt: 0, lastRead: undefined };
  s.open.set(p, frag);
  return frag;
}

/** Where sample `i` goes in its fragment's data. */
function positionOf(frag: OpenFragment, i: number): number {
  if (i === frag.nextSample) return frag.nextAt;
  // Out of order (a muxer that does not write a track's samples in decode order): sum the sizes before it.
  const sizes = frag.s.t.sizes;
  let at = 0;
  for (let j = (frag.s.t.plans[frag.plan] as FragmentPlan).start; j < i; j++) at += sizes[j] as number;
  return at;
}

function samplesOf(t: ProgressiveTrack, plan: FragmentPlan): CmafSample[] {
  const samples: CmafSample[] = new Array<CmafSample>(plan.end - plan.start);
  const audio = t.track.kind === 'audio';
  for (let i = plan.start; i < plan.end; i++) {
    samples[i - plan.start] = {
      duration: t.durations[i] as number, size: t.sizes[i] as number,
      compositionTimeOffset: t.compositionOffsets[i] as number, isSync: audio || t.sync[i] === 1,
    };
  }
  return samples;
}

/** A wait that resolves once `flow` is not paused, or the reader closed (it is woken on close, never left hanging). */
function pauseGate(flow: Mp4ReadContext['flow'], ctx: Mp4ReadContext): () => Promise<void> {
  let wake: (() => void) | undefined;
  ctx.onClose(() => wake?.());
  return async () => {
    while (flow?.paused && !ctx.isClosed()) {
      await new Promise<void>((resolve) => {
        const off = flow.onChange((paused) => {
          if (!paused) {
            off();
            wake = undefined;
            resolve();
          }
        });
        wake = () => {
          off();
          wake = undefined;
          resolve();
        };
      });
    }
  };
}

/**
 * Reads the samples of a progressive MP4 front to back with vectored reads that land each sample directly in the
 * data buffer of its output fragment (no intermediate block, no copy), a couple of reads in flight, and emits
 * fragments in order per track as soon as they are complete. No read starts while `ctx.flow` is paused.
 */
export async function readProgressiveMp4(file: FileHandle, tracks: readonly ProgressiveTrack[], ctx: Mp4ReadContext): Promise<void> {
  for (const t of tracks) ctx.emit({ type: 'cmaf-init', renditionId: t.renditionId, track: t.track, sampleEntry: t.sampleEntry });
  const states: TrackState[] = tracks.map((t) => ({ t, open: new Map(), done: new Map(), cursor: 0, nextToEmit: 0 }));
  const flow = ctx.flow;
  let failed = false;
  const stopped = (): boolean => failed || ctx.isClosed();

  const complete = (read: ScatterRead<OpenFragment>): void => {
    for (const frag of read.parts) {
      frag.reading -= 1;
      if (frag.reading > 0 || frag.unassigned > 0) continue;
      // Unlink it from the reads: done fragments linked to reads linked to other fragments kept every buffer alive.
      frag.lastRead = undefined;
      const s = frag.s;
      s.open.delete(frag.plan);
      s.done.set(frag.plan, frag.data);
      for (let data = s.done.get(s.nextToEmit); data !== undefined && !stopped(); data = s.done.get(s.nextToEmit)) {
        s.done.delete(s.nextToEmit);
        const p = s.nextToEmit++;
        ctx.emit({
          type: 'cmaf-fragment', renditionId: s.t.renditionId, trackId: s.t.track.id, baseMediaDecodeTime: s.t.baseDecodeTimes[p] as number,
          samples: samplesOf(s.t, s.t.plans[p] as FragmentPlan), data, ...(flow ? { flow } : {}),
        });
      }
    }
  };
  const waitWhilePaused = pauseGate(flow, ctx);
  const inFlight = new Set<Promise<void>>();
  const start = async (read: ScatterRead<OpenFragment>): Promise<void> => {
    await waitWhilePaused();
    if (stopped()) return;
    const reading = read.read(file).then((whole) => {
      if (!whole) throw new OttError('PACKAGE_INVALID_INPUT', `${ctx.path}: could not read bytes ${read.position}–${read.position + read.byteLength}; the file shrank while reading.`, { stage: 'packager' });
      if (!stopped()) complete(read);
    });
    inFlight.add(reading);
    reading.then(() => inFlight.delete(reading), () => undefined); // a failure is reported by the race below
    while (inFlight.size >= READS_IN_FLIGHT) await Promise.race(inFlight);
  };

  try {
    const order = sampleReadOrder(tracks);
    let read: ScatterRead<OpenFragment> | undefined;
    for (let k = order.next(); k >= 0 && !stopped(); k = order.next()) {
      const i = order.sample;
      const s = states[k] as TrackState;
      const p = planIndexOf(s, i);
      const frag = s.open.get(p) ?? openFragment(s, p, ctx.pool);
      const offset = s.t.offsets[i] as number;
      const size = s.t.sizes[i] as number;
      const at = positionOf(frag, i);
      if (read === undefined || !read.add(offset, size, frag.data, at, frag)) {
        if (read !== undefined) await start(read);
        read = new ScatterRead<OpenFragment>(offset, ctx.blockSize);
        read.add(offset, size, frag.data, at, frag);
      }
      if (frag.lastRead !== read) {
        frag.lastRead = read;
        frag.reading += 1;
      }
      frag.unassigned -= 1;
      frag.nextSample = i + 1;
      frag.nextAt = at + size;
    }
    if (read !== undefined && !stopped()) await start(read);
    while (inFlight.size > 0 && !stopped()) await Promise.race(inFlight);
    await Promise.allSettled(inFlight); // after an unsubscribe: the caller closes the file next
  } catch (error) {
    failed = true;
    // Let the other reads settle before the caller closes the file.
    await Promise.allSettled(inFlight);
    throw error;
  }
}
