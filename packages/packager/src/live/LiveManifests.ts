import type { Manifest } from '@ott/core';
import { writeMasterPlaylist } from '../hls/writeMasterPlaylist.js';
import type { MasterPlaylistEntry } from '../hls/writeMasterPlaylist.js';
import { measureBandwidth } from '../manifest/measureBandwidth.js';
import type { LiveRenditionState } from './LiveRecords.js';
import type { LiveRendition } from './LiveRendition.js';
import type { LiveStep } from './LiveStep.js';
import type { ResolvedLiveOptions } from './PackageLiveOptions.js';
import { planLivePeriods } from '../dash/planLivePeriods.js';
import type { SessionRecord } from '../dash/planLivePeriods.js';
import { createPlaylistCache, writeLiveMediaPlaylist } from '../hls/writeLiveMediaPlaylist.js';
import type { PlaylistCache } from '../hls/writeLiveMediaPlaylist.js';
import { writeLiveMpd } from '../dash/writeLiveMpd.js';

/**
 * Decides which manifests to (re)write after each step of a live presentation and writes them. Nothing is published
 * until every rendition has a complete segment (or one has three, so a rendition that never starts does not hold the
 * others back); then the media playlists go out first, the multivariant playlist after them, then the MPD. Later, a
 * rendition's media playlist is rewritten after each of its parts (low latency) or segments, the multivariant
 * playlist when a rendition joins, the MPD when a segment completes or (low latency) a new one is announced.
 */
export class LiveManifests {
  readonly #options: ResolvedLiveOptions;
  readonly #sessions: () => SessionRecord[];
  readonly #inMaster = new Set<string>();
  readonly #caches = new Map<string, PlaylistCache>();
  /** The last part each emitted media playlist lists, by rendition: what rendition reports may name (§4.4.5.4). */
  readonly #listedLastPart = new Map<string, { readonly msn: number; readonly part: number }>();
  #published = false;
  #mpdKey = '';
  #availabilityStartTime: number | undefined;

  constructor(options: ResolvedLiveOptions, sessions: () => SessionRecord[]) {
    this.#options = options;
    this.#sessions = sessions;
  }

  /** Manifests to write after `step`, which changed the renditions in `changed`. */
  update(all: readonly LiveRendition[], changed: readonly LiveRendition[], step: LiveStep): Manifest[] {
    const o = this.#options;
    const ready = all.filter((r) => r.window.all.length > 0);
    if (!this.#published) {
      const allReady = ready.length > 0 && (ready.length === all.length || ready.some((r) => r.window.all.length >= 3));
      if (!allReady) return [];
      this.#published = true;
      const out = o.hls ? [...ready.map((r) => this.#mediaPlaylist(r, ready)), this.#master(ready)] : [];
      if (o.dash) out.push(this.#dynamicMpd(ready));
      return out;
    }
    const out: Manifest[] = [];
    if (o.hls) {
      for (const r of changed) if (r.window.all.length > 0 && (o.ll || step.segments > 0)) out.push(this.#mediaPlaylist(r, ready));
      if (ready.some((r) => !this.#inMaster.has(r.renditionId))) out.push(this.#master(ready));
    }
    if (o.dash && this.#mpdKeyOf(ready) !== this.#mpdKey) out.push(this.#dynamicMpd(ready));
    return out;
  }

  /** The finished stream: VOD media playlists, the multivariant playlist with measured bit rates, a static MPD. */
  final(renditions: readonly LiveRendition[]): Manifest[] {
    const o = this.#options;
    const states = renditions.map((r) => this.#finalState(r));
    const out: Manifest[] = [];
    if (o.hls) {
      for (const state of states) {
        const path = this.#playlistPath(state.renditionId);
        const data = writeLiveMediaPlaylist(state, { playlistPath: path, targetDuration: o.targetDuration, ll: false, partTarget: o.partTarget, kind: 'vod' });
        out.push(manifest('hls', 'media', path, data));
      }
      out.push(manifest('hls', 'master', o.masterName, writeMasterPlaylist(states.map((s) => this.#masterEntry(s, false)), { masterPath: o.masterName })));
    }
    if (o.dash) {
      const origin = Math.min(...states.map((s) => (s.segments[0]?.presentationTime ?? 0) / s.track.timescale));
      const periods = planLivePeriods(this.#sessions(), 'static', { mediaOrigin: Math.max(0, origin), driftTolerance: Infinity });
      const data = writeLiveMpd(states, { type: 'static', mpdPath: o.mpdName, periods, segmentDuration: o.segmentDuration, minBufferTime: o.dashMinBufferTime });
      out.push(manifest('dash', 'master', o.mpdName, data));
    }
    return out;
  }

  #mediaPlaylist(rendition: LiveRendition, ready: readonly LiveRendition[]): Manifest {
    const o = this.#options;
    const path = this.#playlistPath(rendition.renditionId);
    // A report names another rendition's playlist as already emitted (so as written before this one, the sink keeping
    // the order), never a playlist not written yet or parts it does not list yet.
    const reports = o.ll
      ? ready.flatMap((r) => {
          const last = r === rendition ? undefined : this.#listedLastPart.get(r.renditionId);
          return last === undefined ? [] : [{ playlistPath: this.#playlistPath(r.renditionId), lastMsn: last.msn, lastPart: last.part }];
        })
      : [];
    const listed = rendition.lastPart();
    if (listed !== undefined) this.#listedLastPart.set(rendition.renditionId, listed);
    const data = writeLiveMediaPlaylist(rendition.state(), {
      playlistPath: path,
      targetDuration: o.targetDuration,
      ll: o.ll,
      partTarget: o.partTarget,
      kind: o.dvrWindowSeconds === Infinity ? 'event' : 'live',
      reports,
      cache: this.#cacheOf(rendition.renditionId),
    });
    return manifest('hls', 'media', path, data);
  }

  #master(ready: readonly LiveRendition[]): Manifest {
    for (const r of ready) this.#inMaster.add(r.renditionId);
    const entries = ready.map((r) => this.#masterEntry(r.state(), true));
    return manifest('hls', 'master', this.#options.masterName, writeMasterPlaylist(entries, { masterPath: this.#options.masterName }));
  }

  /**
   * While live only the first segments are known, so the rendition's nominal bit rate (`TrackInfo.bitrate`, from the
   * ladder) is announced when it is known and higher than what was measured so far.
   */
  #masterEntry(state: LiveRenditionState, live: boolean): MasterPlaylistEntry {
    const rendition = { renditionId: state.renditionId, track: state.track, initPath: state.segments[0]?.init.path ?? '', segments: state.segments };
    const entry = { rendition, playlistPath: this.#playlistPath(state.renditionId) };
    if (!live) return entry;
    const measured = measureBandwidth(rendition, this.#options.targetDuration);
    const nominal = state.track.bitrate ?? 0;
    return { ...entry, bandwidth: { peak: Math.max(measured.peak, nominal, 1), average: nominal > 0 ? nominal : Math.max(1, measured.average) } };
  }

  #dynamicMpd(ready: readonly LiveRendition[]): Manifest {
    const o = this.#options;
    const states = ready.map((r) => r.state());
    this.#mpdKey = this.#mpdKeyOf(ready);
    const now = o.clock();
    // Anchored on what exists now, so the availability the MPD computes is never earlier than the files.
    this.#availabilityStartTime ??= now - availableEnd(states, o.ll) * 1000;
    const periods = planLivePeriods(this.#sessions(), 'dynamic', { mediaOrigin: 0, driftTolerance: o.segmentDuration / 2 });
    const data = writeLiveMpd(states, {
      type: 'dynamic',
      mpdPath: o.mpdName,
      periods,
      segmentDuration: o.segmentDuration,
      minBufferTime: o.dashMinBufferTime,
      availabilityStartTime: this.#availabilityStartTime,
      publishTime: now,
      timeShiftBufferDepth: o.dvrWindowSeconds ?? o.window * o.segmentDuration,
      targetLatency: o.targetLatency,
      utcTimingUrl: o.utcTimingUrl,
      ...(o.ll ? { availabilityTimeOffset: o.segmentDuration - o.partTarget } : {}),
    });
    return manifest('dash', 'master', o.mpdName, data);
  }

  /** What the MPD shows: each rendition's last complete segment and (low latency) the announced one in progress. */
  #mpdKeyOf(ready: readonly LiveRendition[]): string {
    return ready.map((r) => `${r.renditionId}:${r.window.last()?.number ?? 0}:${this.#options.ll ? (r.announcedOpen ?? 0) : 0}`).join('|');
  }

  /** A finished rendition: every segment still stored, without parts. */
  #finalState(rendition: LiveRendition): LiveRenditionState {
    const state = rendition.state();
    const { window } = rendition;
    const keepAll = !this.#options.deleteOutOfWindow;
    const segments = (keepAll ? window.all : window.all.slice(window.first)).map((s) => ({ ...s, parts: [] }));
    return { ...state, segments, open: undefined, discontinuitySequence: keepAll ? 0 : window.discontinuitySequence, expectedOpenDuration: undefined };
  }

  #cacheOf(renditionId: string): PlaylistCache {
    let cache = this.#caches.get(renditionId);
    if (cache === undefined) {
      cache = createPlaylistCache();
      this.#caches.set(renditionId, cache);
    }
    return cache;
  }

  #playlistPath(renditionId: string): string {
    return `${renditionId}/${this.#options.mediaPlaylistName}`;
  }
}

/** The earliest, over renditions, of where the stored media ends (the parts written so far, with low latency). */
function availableEnd(states: readonly LiveRenditionState[], ll: boolean): number {
  let end = Infinity;
  for (const state of states) {
    const open = ll && state.open !== undefined && state.open.parts.length > 0 ? state.open : undefined;
    const last = open ?? state.segments[state.segments.length - 1];
    if (last !== undefined) end = Math.min(end, (last.presentationTime + last.duration) / last.init.track.timescale);
  }
  return Number.isFinite(end) ? end : 0;
}

function manifest(format: Manifest['format'], role: Manifest['role'], path: string, data: string): Manifest {
  return { type: 'manifest-file', format, role, path, data };
}
