import type { LiveSegmentRecord } from './LiveRecords.js';

/** How many segments a live playlist keeps (see `PackageLiveOptions.window` / `dvrWindowSeconds`). */
export interface WindowPolicy {
  /** Segments listed (used when `dvrWindowSeconds` is undefined). */
  readonly window: number;
  /** Seconds listed; `Infinity` = everything. */
  readonly dvrWindowSeconds: number | undefined;
  /** `EXT-X-TARGETDURATION` in seconds. */
  readonly targetDuration: number;
}

/** What left a window after a segment was added. */
export interface WindowChange {
  /** Segments no longer listed (their files may be deleted later). */
  readonly evicted: readonly LiveSegmentRecord[];
  /** Part files no longer listed in the playlist (their segment is more than 3 target durations from the edge). */
  readonly unlistedParts: readonly string[];
}

/**
 * The complete segments of one rendition and which of them the live playlists list. Every segment ever completed is
 * remembered (metadata only) so the final VOD playlist can list them; the window is a view on the newest ones.
 */
export class LiveWindow {
  readonly #policy: WindowPolicy;
  readonly #all: LiveSegmentRecord[] = [];
  /** The same segments as playlists show them: without their parts once those are no longer listed. */
  readonly #shown: LiveSegmentRecord[] = [];
  #first = 0;
  /** Seconds the listed segments span (kept up to date: the window may hold thousands with a long DVR). */
  #seconds = 0;
  /** Segments before this index are listed without their parts. */
  #partsFrom = 0;
  #discontinuitySequence = 0;

  constructor(policy: WindowPolicy) {
    this.#policy = policy;
  }

  /** Every segment since the start of the stream. */
  get all(): readonly LiveSegmentRecord[] {
    return this.#all;
  }

  /** Index in {@link all} of the first listed segment. */
  get first(): number {
    return this.#first;
  }

  get discontinuitySequence(): number {
    return this.#discontinuitySequence;
  }

  /** The listed segments; the ones older than three target durations from the edge without their parts. */
  listed(): LiveSegmentRecord[] {
    return this.#shown.slice(this.#first);
  }

  /**
   * Adds a complete segment and slides the window. A segment leaves only while the playlist stays longer than three
   * target durations without it (RFC 8216bis §6.2.2); removing one that carries `EXT-X-DISCONTINUITY` increments
   * `EXT-X-DISCONTINUITY-SEQUENCE` (§4.4.3.3). `edgeSeconds` is where the rendition's media ends now.
   */
  add(segment: LiveSegmentRecord, edgeSeconds: number): WindowChange {
    this.#all.push(segment);
    this.#shown.push(segment);
    this.#seconds += secondsOf(segment);
    const evicted: LiveSegmentRecord[] = [];
    while (this.#first < this.#all.length - 1 && this.#shouldEvict()) {
      const gone = this.#all[this.#first] as LiveSegmentRecord;
      if (gone.discontinuity) this.#discontinuitySequence++;
      evicted.push(gone);
      this.#seconds -= secondsOf(gone);
      this.#first++;
    }
    return { evicted, unlistedParts: this.#dropOldParts(edgeSeconds) };
  }

  /** Seconds the listed segments span. */
  listedSeconds(): number {
    return this.#seconds;
  }

  /** The newest segment, if any. */
  last(): LiveSegmentRecord | undefined {
    return this.#all[this.#all.length - 1];
  }

  #shouldEvict(): boolean {
    if (this.#policy.dvrWindowSeconds === Infinity) return false;
    const candidate = this.#all[this.#first] as LiveSegmentRecord;
    const after = this.#seconds - secondsOf(candidate);
    if (after < 3 * this.#policy.targetDuration) return false;
    const dvr = this.#policy.dvrWindowSeconds;
    if (dvr !== undefined) return Number.isFinite(dvr) && after >= dvr;
    return this.#all.length - this.#first > this.#policy.window;
  }

  /**
   * EXT-X-PART tags are listed for the segments of the last three target durations (RFC 8216bis §4.4.4.9: a server
   * SHOULD remove them once they are older); returns the part files of the segments that just dropped out.
   */
  #dropOldParts(edgeSeconds: number): string[] {
    const paths: string[] = [];
    const horizon = edgeSeconds - 3 * this.#policy.targetDuration;
    while (this.#partsFrom < this.#all.length) {
      const segment = this.#all[this.#partsFrom] as LiveSegmentRecord;
      if ((segment.startTime + segment.duration) / segment.init.track.timescale > horizon) break;
      for (const part of segment.parts) paths.push(part.path);
      if (segment.parts.length > 0) this.#shown[this.#partsFrom] = { ...segment, parts: [] };
      this.#partsFrom++;
    }
    return paths;
  }
}

function secondsOf(segment: LiveSegmentRecord): number {
  return segment.duration / segment.init.track.timescale;
}
