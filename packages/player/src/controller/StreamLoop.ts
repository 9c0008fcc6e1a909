import { shouldAbandon } from '../abr/shouldAbandon.js';
import { PlayerError } from '../errors/PlayerError.js';
import { decryptAes128 } from '../loader/decryptAes128.js';
import { fetchBytes } from '../loader/fetchBytes.js';
import { HintPrefetch } from '../loader/HintPrefetch.js';
import { resolveSegments } from '../manifest/loadPresentation.js';
import type { SegmentRef, Track } from '../manifest/Presentation.js';
import { FragmentSplitter } from '../mp4/FragmentSplitter.js';
import { isMpegTs, readSegment } from '../mp4/readSegment.js';
import type { SourceBufferQueue } from '../mse/SourceBufferQueue.js';
import { bufferedAhead, findSegment } from './findSegment.js';
import type { LoopContext } from './LoopContext.js';
import { nextChunk } from './nextChunk.js';
import { retryDelayMs } from './retryDelay.js';

const isAbort = (e: unknown): boolean => e instanceof DOMException && e.name === 'AbortError';

/** Identity of a chunk (segments of one file differ by byte range). */
const keyOf = (chunk: SegmentRef): string => `${chunk.url}|${chunk.byteRange?.offset ?? ''}`;

/**
 * Feeds one SourceBuffer: picks the next segment or LL-HLS part for the playhead, waits for its availability
 * (live DASH), fetches init and media (retries, ABR abandonment, AES-128; growing LL-DASH segments are appended
 * chunk by chunk as they arrive), re-anchors timestamps per discontinuity/period, appends, evicts the back buffer
 * and recovers from QuotaExceededError. One loop for video (or muxed), one for audio.
 */
export class StreamLoop {
  nextTime: number | undefined;
  ended = false;
  /** Appended video segments: [start, end, level] for telling which level is on screen. */
  readonly appended: [number, number, number][] = [];
  private initKey = '';
  private codec = '';
  private generation = 0;
  private abort: AbortController | undefined;
  private stopped = false;
  private quotaTarget = Infinity;
  /** Track of the last append: a different one must start at an independent point. */
  private lastTrack: Track | undefined;
  /** The last predicted LL-DASH segment that failed (not retried until the MPD lists it). */
  private missedKey = '';
  /** LL-HLS preload hints fetched ahead, appended once listed. */
  private readonly hints = new HintPrefetch();
  /** Media downloads finished or given up so far: a step that fetched something is followed at once by the next. */
  private fetched = 0;

  constructor(readonly kind: 'video' | 'audio', readonly queue: SourceBufferQueue, private readonly ctx: LoopContext) {}

  /** Forget the position (seek outside the buffer, track change) and cancel the download in flight. */
  reset(time?: number): void {
    this.generation += 1;
    this.abort?.abort();
    this.nextTime = time;
    this.ended = false;
    this.hints.clear();
  }

  stop(): void {
    this.stopped = true;
    this.reset();
  }

  async run(): Promise<void> {
    let again = true;
    while (!this.stopped) {
      // Wait for a tick only when the last step had nothing to fetch: the first request and the one after each
      // download go out at once instead of leaving the link idle until the next timeupdate/250 ms timer.
      if (!again) await this.ctx.scheduler.tick();
      again = false;
      if (this.stopped) return;
      const fetched = this.fetched;
      try {
        await this.step();
        again = this.fetched !== fetched;
      } catch (error) {
        if (this.stopped || isAbort(error)) continue;
        this.ctx.fail(error instanceof PlayerError ? error : new PlayerError('MSE_APPEND_FAILED', `Appending ${this.kind} failed: ${String(error)}`, { stage: 'mse', cause: error }));
        return;
      }
    }
  }

  private async step(): Promise<void> {
    const { video, presentation } = this.ctx;
    const current = video.currentTime;
    const ahead = bufferedAhead(this.queue.ranges(), current);
    // The playhead moved past the position (gap jump, seek inside the buffer): restart from the playhead. Seeks
    // outside the buffer reset the loop from the `seeking` handler; a skipped corrupt segment leaves a hole on purpose.
    if (this.nextTime !== undefined && this.nextTime < current - 1) this.nextTime = undefined;
    if (ahead >= Math.min(this.ctx.timeline.bufferTarget(), this.quotaTarget) || this.ended) return;
    const generation = this.generation;
    const track = this.switchPoint(this.ctx.abr.pickTrack(this.kind, ahead));
    if (!track) return;
    await resolveSegments(track, presentation);
    const segments = track.segments ?? [];
    const position = this.nextTime ?? this.ctx.timeline.startPosition(segments);
    const chunk = nextChunk(segments, position, this.nextTime === undefined || track !== this.lastTrack);
    if (!chunk) {
      if (!presentation.live || track.endList) {
        this.ended = true;
        this.ctx.maybeEnd();
      }
      return;
    }
    const key = keyOf(chunk);
    if (chunk.hint) {
      const request = this.ctx.loader.request(chunk.url, this.kind, track, chunk);
      this.hints.start(key, request.url, request.headers, chunk.duration, (timing) => this.ctx.abr.estimator.sample(timing));
      return; // appended once a playlist lists it
    }
    if (chunk.predicted && key === this.missedKey) return; // wait for the next MPD
    const wait = (chunk.availableAt ?? -Infinity) - this.ctx.timeline.serverNow();
    if (wait > 0) {
      // Live DASH: not available before AST + end − availabilityTimeOffset (ISO/IEC 23009-1 §5.3.9.5.3).
      await this.ctx.scheduler.delay(Math.min(wait, 1000));
      return;
    }
    await this.evictBackBuffer(current);
    if (chunk.streaming && !chunk.aes128) {
      await this.loadGrowing(track, chunk, generation);
      return;
    }
    const bytes = (await this.hints.take(key)) ?? (await this.load(track, chunk));
    if (generation !== this.generation || !bytes) return;
    await this.appendMedia(track, chunk, bytes, generation);
  }

  /**
   * LL-HLS: a level switch in the middle of a segment would append a part that depends on frames of another level;
   * keep the current level until the next independent part or segment (RFC 8216bis §4.4.4.9).
   */
  private switchPoint(picked: Track | undefined): Track | undefined {
    const last = this.lastTrack;
    if (!picked || !last || picked === last || last.failed || this.nextTime === undefined || !last.segments) return picked;
    const next = nextChunk(last.segments, this.nextTime, false);
    if (!next || next.independent || next === findSegment(last.segments, this.nextTime)) return picked;
    this.ctx.abr.holdLevel(last);
    return last;
  }

  /** LL-DASH: fetch a segment that may still be growing and append each CMAF chunk as soon as it is complete. */
  private async loadGrowing(track: Track, chunk: SegmentRef, generation: number): Promise<void> {
    let appended = 0;
    const sink = (): ((bytes: Uint8Array) => Promise<void>) => {
      const splitter = new FragmentSplitter();
      return async (bytes) => {
        for (const fragment of splitter.push(bytes)) {
          if (generation !== this.generation) return;
          if (appended === 0 && !(await this.prepare(track, chunk, fragment, generation))) return;
          await this.appendWithQuota(fragment);
          appended += 1;
        }
      };
    };
    const bytes = await this.load(track, chunk, sink);
    if (generation !== this.generation || !bytes) return;
    if (appended === 0) return this.skipCorrupt(chunk);
    this.finish(track, chunk);
  }

  private async load(track: Track, segment: SegmentRef, sink?: () => (bytes: Uint8Array) => Promise<void>): Promise<Uint8Array | undefined> {
    // A predicted LL-DASH segment is named before the MPD lists it: one try, no warning when it does not come.
    const retries = segment.predicted ? 0 : this.ctx.options.retries ?? 2;
    // Abandoning only makes sense for whole segments, not for LL parts or segments still being produced.
    const presentation = this.ctx.presentation;
    const whole = !segment.streaming && !(presentation.live && presentation.lowLatency);
    for (let attempt = 0; ; attempt++) {
      // Whole segments take turns with the other loop's (see DownloadQueue): each download then measures the whole link.
      const turn = whole ? await this.ctx.loader.downloads.acquire() : undefined;
      const release = (): void => {
        turn?.();
        this.fetched += 1;
      };
      if (this.stopped) {
        release();
        throw new DOMException('The loop was stopped.', 'AbortError');
      }
      this.abort = new AbortController();
      let abandonTo: number | undefined;
      const abort = this.abort;
      try {
        const request = this.ctx.loader.request(segment.url, this.kind, track, segment);
        const onChunk = sink?.();
        const bytes = await fetchBytes(request.url, {
          headers: request.headers,
          signal: abort.signal,
          ...(segment.byteRange ? { byteRange: segment.byteRange } : {}),
          ...(onChunk ? { onChunk } : {}),
          excludeIdleGaps: this.ctx.presentation.live,
          onTiming: (timing) => this.ctx.abr.estimator.sample(timing),
          onProgress: (loaded, total, elapsedMs) => {
            if (this.kind !== 'video' || !whole || !this.ctx.abr.abandonAllowed()) return;
            const levels = this.ctx.presentation.levels;
            const index = levels.indexOf(track);
            const lower = levels.slice(0, Math.max(index, 0)).filter((l) => !l.failed).map((l) => l.bandwidth);
            const bufferSeconds = bufferedAhead(this.queue.ranges(), this.ctx.video.currentTime);
            abandonTo = shouldAbandon({ loaded, total, elapsedMs, bufferSeconds, segmentDuration: segment.duration, lowerBandwidths: lower, currentBandwidth: track.bandwidth });
            if (abandonTo !== undefined) abort.abort();
          },
        });
        release();
        return segment.aes128 ? await decryptAes128(bytes, segment.aes128, segment.number, this.ctx.presentation.request) : bytes;
      } catch (error) {
        release();
        if (abandonTo !== undefined) {
          this.ctx.abr.abandoned(abandonTo);
          this.ctx.warn(new PlayerError('SEGMENT_LOAD_FAILED', `Abandoned a video download that would stall playback; refetching at ≤ ${Math.round(abandonTo / 1000)} kbit/s.`, { stage: 'loader', fatal: false }));
          return undefined;
        }
        // A segment that does not decrypt fails the same way on every retry and every level: fatal at once.
        if (isAbort(error) || this.stopped || (error instanceof PlayerError && error.code === 'DECRYPT_FAILED')) throw error;
        if (segment.predicted) {
          this.missedKey = keyOf(segment);
          return undefined;
        }
        if (attempt < retries) {
          this.ctx.warn(new PlayerError('SEGMENT_LOAD_FAILED', `Retrying ${segment.url} (attempt ${attempt + 2} of ${retries + 1}): ${String(error instanceof Error ? error.message : error)}`, { stage: 'loader', fatal: false, cause: error }));
          await this.ctx.scheduler.delay(retryDelayMs(this.ctx.options, attempt));
          continue;
        }
        if (this.kind === 'video' && this.ctx.presentation.levels.filter((l) => !l.failed && l !== track).length > 0) {
          track.failed = true;
          this.ctx.warn(new PlayerError('SEGMENT_LOAD_FAILED', `Giving up on level ${track.id} after ${retries + 1} attempts at ${segment.url}; switching level.`, { stage: 'loader', fatal: false, cause: error }));
          return undefined;
        }
        throw error instanceof PlayerError ? error : new PlayerError('SEGMENT_LOAD_FAILED', String(error), { stage: 'loader', cause: error });
      }
    }
  }

  private async appendMedia(track: Track, segment: SegmentRef, bytes: Uint8Array, generation: number): Promise<void> {
    if (!(await this.prepare(track, segment, bytes, generation))) return;
    await this.appendWithQuota(bytes);
    if (generation !== this.generation) return;
    this.finish(track, segment);
  }

  /**
   * Checks the first bytes of a segment, appends the init segment when the track changed, and sets the
   * timestampOffset of its discontinuity/period. False when the segment was skipped or the loop was reset.
   */
  private async prepare(track: Track, segment: SegmentRef, bytes: Uint8Array, generation: number): Promise<boolean> {
    if (isMpegTs(bytes)) {
      throw new PlayerError('UNSUPPORTED_CONTAINER', `Expected fMP4/CMAF segments, got MPEG-TS at ${segment.url}. @ott/player plays fragmented MP4 only: repackage as CMAF (ott package, or ffmpeg -hls_segment_type fmp4).`, {
        stage: 'mse', details: { url: segment.url },
      });
    }
    const info = readSegment(bytes);
    if (!info.valid && segment.aes128) {
      // The PKCS#7 padding happened to check out, but the clear bytes are not fMP4: wrong key or IV.
      throw new PlayerError('DECRYPT_FAILED', `${segment.url} decrypted to bytes that are not an fMP4 media segment: the AES-128 key at ${segment.aes128.url} or the IV does not match.`, { stage: 'loader', details: { url: segment.url } });
    }
    if (!info.valid) {
      this.skipCorrupt(segment);
      return false;
    }
    const init = await this.ctx.loader.init(track, segment);
    if (generation !== this.generation) return false;
    const initKey = `${track.id}|${init.key}`;
    if (initKey !== this.initKey) {
      const codec = this.ctx.loader.mimeOf(init.info, this.kind);
      if (this.codec && codec !== this.codec && typeof this.queue.buffer.changeType === 'function') {
        await this.queue.change((sb) => sb.changeType(codec));
      }
      this.codec = codec;
      await this.appendWithQuota(init.bytes);
      this.initKey = initKey;
      void this.ctx.loader.encrypted(track, init.info);
    }
    const offset = this.ctx.timeline.timestampOffset(segment, init.info, info.decodeTimes);
    if (Math.abs(this.queue.buffer.timestampOffset - offset) > 1e-3) await this.queue.change((sb) => { sb.timestampOffset = offset; });
    return generation === this.generation;
  }

  private skipCorrupt(segment: SegmentRef): void {
    this.ctx.warn(new PlayerError('SEGMENT_CORRUPT', `Skipping ${segment.url}: expected moof + mdat boxes, the bytes do not parse as an fMP4 media segment.`, { stage: 'mse', fatal: false, details: { url: segment.url } }));
    this.nextTime = segment.start + segment.duration;
  }

  /** Moves the position past an appended segment or part. */
  private finish(track: Track, segment: SegmentRef): void {
    const end = segment.start + segment.duration;
    this.nextTime = end;
    this.lastTrack = track;
    if (this.kind === 'video') {
      const level = this.ctx.presentation.levels.indexOf(track);
      this.appended.push([segment.start, end, level]);
      if (this.appended.length > 500) this.appended.shift();
    }
  }

  private async appendWithQuota(bytes: Uint8Array): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.queue.append(bytes);
        this.quotaTarget = Infinity;
        return;
      } catch (error) {
        if (!(error instanceof DOMException && error.name === 'QuotaExceededError') || attempt >= 3) throw error;
        // QuotaExceeded (MSE §3.5.5 coded frame eviction failed): drop more back buffer, aim lower, let the playhead move.
        const current = this.ctx.video.currentTime;
        await this.queue.remove(0, Math.max(0, current - 2));
        this.quotaTarget = Math.max(4, bufferedAhead(this.queue.ranges(), current) * 0.7);
        this.ctx.warn(new PlayerError('MSE_APPEND_FAILED', `SourceBuffer full (QuotaExceededError); evicted played media and lowered the ${this.kind} buffer target to ${this.quotaTarget.toFixed(1)} s.`, { stage: 'mse', fatal: false }));
        await this.ctx.scheduler.delay(1000);
      }
    }
  }

  private async evictBackBuffer(current: number): Promise<void> {
    const keep = this.ctx.options.backBuffer ?? 30;
    const first = this.queue.ranges()[0];
    if (first && current - first[0] > keep + 5) await this.queue.remove(0, current - keep);
  }
}
