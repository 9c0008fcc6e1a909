import type { ObjectType, Presentation, RequestShape, Track } from '../manifest/Presentation.js';
import { withCmcd } from './cmcd.js';
import type { CmcdConfig } from './cmcd.js';

/** What the player tells CMCD about a media segment request (CTA-5004 keys `ot`, `br`, `d`, `bl`, `tb`). */
export interface CmcdMediaInfo {
  readonly objectType: 'v' | 'a' | 'av';
  readonly bitrateKbps: number;
  readonly durationMs: number;
  /** Buffer ahead of the playhead of this media type, ms. */
  readonly bufferMs: number;
  readonly topBitrateKbps?: number;
}

/** What CMCD reads from the player at the time of every request. */
export interface CmcdPlayerState {
  readonly throughputBps: number;
  /** Nothing played yet (`su`). */
  readonly startup: boolean;
}

/**
 * CMCD for one load (one `sid`): shapes media segment requests ({@link CmcdSession.media}) and every other object
 * request ({@link CmcdSession.object}: manifest/playlist `m`, init `i`, key `k`, caption `c`), as a query argument or
 * headers (CTA-5004 §2), encoded by `@svta/cml-cmcd`.
 */
export class CmcdSession {
  readonly sessionId: string;
  /** Set once loaded: gives `sf` (streaming format) and `st` (stream type). */
  presentation: Presentation | undefined;
  private readonly config: CmcdConfig;

  constructor(option: true | CmcdConfig, private readonly state: () => CmcdPlayerState) {
    this.config = option === true ? {} : option;
    this.sessionId = this.config.sessionId ?? (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : String(Math.random()).slice(2));
  }

  /** A request for a non-media object (usable as the presentation's `request`). */
  readonly object = (url: string, objectType: ObjectType): RequestShape => withCmcd(this.config, this.sessionId, url, { objectType, ...this.common() });

  /**
   * A media segment (or LL part) request of `track`, played by the `kind` SourceBuffer, with `bufferSeconds` of that
   * buffer ahead of the playhead; video requests also name the top bitrate (`tb`).
   */
  segment(url: string, kind: 'video' | 'audio', track: Track, durationSeconds: number, bufferSeconds: number): RequestShape {
    const levels = this.presentation?.levels ?? [];
    const top = kind === 'video' ? levels[levels.length - 1] : undefined;
    return this.media(url, {
      objectType: track.kind === 'muxed' ? 'av' : kind === 'video' ? 'v' : 'a',
      bitrateKbps: track.bandwidth / 1000,
      durationMs: durationSeconds * 1000,
      bufferMs: bufferSeconds * 1000,
      ...(top ? { topBitrateKbps: top.bandwidth / 1000 } : {}),
    });
  }

  /** A media segment (or LL part) request. */
  media(url: string, info: CmcdMediaInfo): RequestShape {
    return withCmcd(this.config, this.sessionId, url, { ...info, ...this.common() });
  }

  private common(): { throughputKbps: number; startup: boolean; live?: boolean; format?: 'hls' | 'dash' } {
    const { throughputBps, startup } = this.state();
    const p = this.presentation;
    return { throughputKbps: throughputBps / 1000, startup, ...(p ? { live: p.live, format: p.format } : {}) };
  }
}
