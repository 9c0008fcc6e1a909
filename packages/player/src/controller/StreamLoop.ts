import { shouldAbandon } from '../abr/shouldAbandon.js';
import { PlayerError } from '../errors/PlayerError.js';
import { fetchBytes } from '../loader/fetchBytes.js';
import { resolveSegments } from '../manifest/loadPresentation.js';
import type { SegmentRef, Track } from '../manifest/Presentation.js';
import { isMpegTs, readSegment } from '../mp4/readSegment.js';
import type { SourceBufferQueue } from '../mse/SourceBufferQueue.js';
import { decryptAes128 } from '../loader/decryptAes128.js';
import { bufferedAhead, findSegment } from './findSegment.js';
import type { LoopContext } from './LoopContext.js';

const isAbort = (e: unknown): boolean => e instanceof DOMException && e.name === 'AbortError';

/**
 * Feeds one SourceBuffer: picks the next segment for the playhead, fetches init and media (retries, ABR
 * abandonment, AES-128), re-anchors timestamps per discontinuity/period, appends, evicts the back buffer and
 * recovers from QuotaExceededError. One loop for video (or muxed), one for audio.
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

  constructor(readonly kind: 'video' | 'audio', readonly queue: SourceBufferQueue, private readonly ctx: LoopContext) {}

  /** Forget the position (seek outside the buffer, track change) and cancel the download in flight. */
  reset(time?: number): void {
    this.generation += 1;
    this.abort?.abort();
    this.nextTime = time;
    this.ended = false;
  }

  stop(): void {
    this.stopped = true;
    this.reset();
  }

  async run(): Promise<void> {
    while (!this.stopped) {
      await this.ctx.tick();
      if (this.stopped) return;
      try {
        await this.step();
      } catch (error) {
        if (this.stopped || isAbort(error)) continue;
        this.ctx.fail(error instanceof PlayerError ? error : new PlayerError('MSE_APPEND_FAILED', `Appending ${this.kind} failed: ${String(error)}`, { stage: 'mse', cause: error }));
        return;
      }
    }
  }

  private async step(): Promise<void> {
    const { video } = this.ctx;
    const current = video.currentTime;
    const ahead = bufferedAhead(this.queue.ranges(), current);
    // The playhead moved past the position (gap jump, seek inside the buffer): restart from the playhead. Seeks
    // outside the buffer reset the loop from the `seeking` handler; a skipped corrupt segment leaves a hole on purpose.
    if (this.nextTime !== undefined && this.nextTime < current - 1) this.nextTime = undefined;
    if (ahead >= Math.min(this.ctx.bufferTarget(), this.quotaTarget) || this.ended) return;
    const generation = this.generation;
    const track = this.ctx.pickTrack(this.kind, ahead);
    if (!track) return;
    await resolveSegments(track, this.ctx.presentation);
    const segments = track.segments ?? [];
    const position = this.nextTime ?? this.ctx.startPosition(segments);
    const segment = findSegment(segments, position);
    if (!segment) {
      if (!this.ctx.presentation.live) {
        this.ended = true;
        this.ctx.maybeEnd();
      }
      return;
    }
    await this.evictBackBuffer(current);
    const bytes = await this.load(track, segment);
    if (generation !== this.generation || !bytes) return;
    await this.appendMedia(track, segment, bytes, generation);
  }

  private async load(track: Track, segment: SegmentRef): Promise<Uint8Array | undefined> {
    const retries = this.ctx.options.retries ?? 2;
    for (let attempt = 0; ; attempt++) {
      this.abort = new AbortController();
      let abandonTo: number | undefined;
      const abort = this.abort;
      try {
        const request = this.ctx.request(segment.url, this.kind, track, segment);
        const bytes = await fetchBytes(request.url, {
          headers: request.headers,
          signal: abort.signal,
          ...(segment.byteRange ? { byteRange: segment.byteRange } : {}),
          excludeIdleGaps: this.ctx.presentation.live,
          onTiming: (timing) => this.ctx.estimator.sample(timing),
          onProgress: (loaded, total, elapsedMs) => {
            if (this.kind !== 'video' || !this.ctx.abandonAllowed()) return;
            const levels = this.ctx.presentation.levels;
            const index = levels.indexOf(track);
            const lower = levels.slice(0, Math.max(index, 0)).filter((l) => !l.failed).map((l) => l.bandwidth);
            const bufferSeconds = bufferedAhead(this.queue.ranges(), this.ctx.video.currentTime);
            abandonTo = shouldAbandon({ loaded, total, elapsedMs, bufferSeconds, segmentDuration: segment.duration, lowerBandwidths: lower, currentBandwidth: track.bandwidth });
            if (abandonTo !== undefined) abort.abort();
          },
        });
        return segment.aes128 ? await decryptAes128(bytes, segment.aes128, segment.number) : bytes;
      } catch (error) {
        if (abandonTo !== undefined) {
          this.ctx.abandoned(abandonTo);
          return undefined;
        }
        if (isAbort(error) || this.stopped) throw error;
        if (attempt < retries) {
          this.ctx.warn(new PlayerError('SEGMENT_LOAD_FAILED', `Retrying ${segment.url} (attempt ${attempt + 2} of ${retries + 1}): ${String(error instanceof Error ? error.message : error)}`, { stage: 'loader', fatal: false, cause: error }));
          await this.ctx.delay(500 * 2 ** attempt);
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
    if (isMpegTs(bytes)) {
      throw new PlayerError('UNSUPPORTED_CONTAINER', `Expected fMP4/CMAF segments, got MPEG-TS at ${segment.url}. @ott/player plays fragmented MP4 only: repackage as CMAF (ott package, or ffmpeg -hls_segment_type fmp4).`, {
        stage: 'mse', details: { url: segment.url },
      });
    }
    const info = readSegment(bytes);
    if (!info.valid) {
      this.ctx.warn(new PlayerError('SEGMENT_CORRUPT', `Skipping ${segment.url}: expected moof + mdat boxes, the bytes do not parse as an fMP4 media segment.`, { stage: 'mse', fatal: false, details: { url: segment.url } }));
      this.nextTime = segment.start + segment.duration;
      return;
    }
    const init = await this.ctx.init(track, segment);
    if (generation !== this.generation) return;
    const initKey = `${track.id}|${init.key}`;
    if (initKey !== this.initKey) {
      const codec = this.ctx.mimeOf(init.info, this.kind);
      if (this.codec && codec !== this.codec && typeof this.queue.buffer.changeType === 'function') {
        await this.queue.change((sb) => sb.changeType(codec));
      }
      this.codec = codec;
      await this.appendWithQuota(init.bytes);
      this.initKey = initKey;
      void this.ctx.encrypted(track, init.info);
    }
    const offset = this.ctx.timestampOffset(segment, init.info, info.decodeTimes);
    if (Math.abs(this.queue.buffer.timestampOffset - offset) > 1e-3) await this.queue.change((sb) => { sb.timestampOffset = offset; });
    await this.appendWithQuota(bytes);
    if (generation !== this.generation) return;
    this.nextTime = segment.start + segment.duration;
    if (this.kind === 'video') {
      const level = this.ctx.presentation.levels.indexOf(track);
      this.appended.push([segment.start, segment.start + segment.duration, level]);
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
        await this.ctx.delay(1000);
      }
    }
  }

  private async evictBackBuffer(current: number): Promise<void> {
    const keep = this.ctx.options.backBuffer ?? 30;
    const first = this.queue.ranges()[0];
    if (first && current - first[0] > keep + 5) await this.queue.remove(0, current - keep);
  }
}
