import { OttError } from '@ott/core';
import type { CmafFragment, CmafInit, LiveSession, PipelineItem } from '@ott/core';
import { LiveRendition } from './LiveRendition.js';
import { LiveStep } from './LiveStep.js';
import { LiveManifests } from './LiveManifests.js';
import type { ResolvedLiveOptions } from './PackageLiveOptions.js';
import { RemovalSchedule } from './RemovalSchedule.js';
import type { SessionRecord } from '../dash/planLivePeriods.js';

/**
 * The state of one live presentation behind {@link packageLive}: its renditions, publisher sessions, which files
 * wait to be deleted, and the order in which items go out (files, then the manifests that list them, then deletions).
 */
export class LivePresentation {
  readonly #options: ResolvedLiveOptions;
  readonly #renditions = new Map<string, LiveRendition>();
  readonly #sessions: LiveSession[] = [];
  readonly #initChanged = new Set<number>();
  readonly #removals = new RemovalSchedule();
  /** Part files written and not yet scheduled for removal. */
  readonly #parts = new Set<string>();
  readonly #manifests: LiveManifests;
  /** A session made up because fragments came before any `live-session` item (its timing is set by the first one). */
  #provisional = false;
  #edge = 0;
  /** The current session was closed by `onSessionEnd` (its segments are flushed already). */
  #ended = false;

  constructor(options: ResolvedLiveOptions) {
    this.#options = options;
    this.#manifests = new LiveManifests(options, () => this.#sessionRecords());
  }

  onSession(item: LiveSession): PipelineItem[] {
    // A provisional session no fragment has settled yet is replaced by the real one.
    const step = this.#provisional || this.#ended ? new LiveStep() : this.#endSession();
    this.#ended = false;
    if (this.#provisional) this.#sessions.pop();
    this.#provisional = false;
    this.#sessions.push(item);
    for (const rendition of this.#renditions.values()) step.add(rendition.startSession(item));
    return [...step.items, ...this.#after([...this.#renditions.values()], step)];
  }

  /** The publisher left: close the segments in progress now (the grace period may be long), not at the next session. */
  onSessionEnd(): PipelineItem[] {
    if (this.#provisional || this.#ended || this.#renditions.size === 0) return [];
    this.#ended = true;
    const step = this.#endSession();
    return [...step.items, ...this.#after([...this.#renditions.values()], step)];
  }

  onInit(item: CmafInit): PipelineItem[] {
    const known = this.#renditions.get(item.renditionId);
    if (known === undefined) {
      const rendition = new LiveRendition(item, this.#options, this.#currentSession());
      this.#renditions.set(item.renditionId, rendition);
      return [rendition.initSegment()];
    }
    const step = known.acceptInit(item);
    if (step.items.some((i) => i.type === 'init-segment')) this.#initChanged.add(this.#currentSession().session);
    return [...step.items, ...this.#after(step.changed ? [known] : [], step)];
  }

  onFragment(item: CmafFragment): PipelineItem[] {
    const rendition = this.#renditions.get(item.renditionId);
    if (rendition === undefined) {
      throw new OttError(
        'PACKAGE_INVALID_INPUT',
        `Received a cmaf-fragment for rendition "${item.renditionId}" before its cmaf-init; known renditions: ` +
          `${[...this.#renditions.keys()].join(', ') || 'none'}. The producer must emit the init first.`,
        { stage: 'packager', details: { renditionId: item.renditionId } },
      );
    }
    if (this.#provisional) this.#settleProvisional(item, rendition);
    const step = rendition.push(item);
    return [...step.items, ...this.#after(step.changed ? [rendition] : [], step)];
  }

  /** The input ended: flush, final VOD playlists and static MPD, then the deletions that are left. */
  onComplete(): PipelineItem[] {
    const step = this.#ended ? new LiveStep() : this.#endSession();
    const out: PipelineItem[] = [...step.items];
    this.#bookkeep([...this.#renditions.values()], step);
    const renditions = [...this.#renditions.values()].filter((r) => r.window.all.length > 0);
    for (const r of this.#renditions.values()) {
      if (r.window.all.length === 0) {
        out.push({ type: 'warning', stage: 'packager', code: 'PACKAGE_EMPTY_RENDITION', message: `Rendition "${r.renditionId}" has no segments; it is left out of the manifests.` });
      }
    }
    if (renditions.length === 0) return out;
    out.push(...this.#manifests.final(renditions));
    const leftovers = [...this.#removals.drain(), ...(this.#options.keepParts ? [] : this.#parts)];
    this.#parts.clear();
    for (const path of leftovers) out.push({ type: 'remove-file', path });
    return out;
  }

  /**
   * Ends the current session. Slivers of media past the last boundary are dropped while no part of them is out: all
   * of them when every rendition's is tiny (a segment of a few frames is not worth a file), else those that would put
   * one rendition a segment ahead of the others (segment numbers must match across renditions). Then flushes.
   */
  #endSession(): LiveStep {
    const step = new LiveStep();
    const renditions = [...this.#renditions.values()];
    const active = renditions.filter((r) => r.sessionSegments > 0);
    const open = active.filter((r) => r.openSeconds() > 0);
    const tiny = Math.min(0.25, this.#options.segmentDuration / 8);
    if (open.length > 0 && open.every((r) => r.openUnpublished && r.openSeconds() < tiny)) for (const r of open) r.dropUnpublishedOpen();
    const fewest = Math.min(...active.map((r) => r.sessionSegments));
    for (const r of active) {
      if (r.sessionSegments > fewest && r.openSeconds() < this.#options.segmentDuration / 2) r.dropUnpublishedOpen();
    }
    const counts = new Set(active.map((r) => r.sessionSegments));
    if (counts.size > 1) {
      step.warn(
        'PACKAGE_LIVE_MISALIGNED',
        `The renditions ended the publisher session with different segment counts (${active.map((r) => `${r.renditionId}: ${r.sessionSegments}`).join(', ')}); ` +
          'their segment numbers no longer match from here on. The encoder should end every rendition at the same time.',
      );
    }
    for (const r of renditions) step.add(r.flush());
    return step;
  }

  /** Bookkeeping, then manifests (files before the playlists naming them), then deletions that are due. */
  #after(changed: readonly LiveRendition[], step: LiveStep): PipelineItem[] {
    this.#bookkeep(changed, step);
    const out: PipelineItem[] = this.#manifests.update([...this.#renditions.values()], changed, step);
    for (const path of this.#removals.due(this.#edge)) out.push({ type: 'remove-file', path });
    return out;
  }

  #bookkeep(changed: readonly LiveRendition[], step: LiveStep): void {
    for (const r of changed) this.#edge = Math.max(this.#edge, r.edgeSeconds);
    const o = this.#options;
    if (!o.keepParts) {
      for (const item of step.items) if (item.type === 'media-part') this.#parts.add(item.path);
      for (const path of step.unlistedParts) this.#parts.delete(path);
      // Parts stop being listed 3 target durations behind the edge; a client that loaded the playlist just before
      // may still ask for them for about that long again.
      this.#removals.add(step.unlistedParts, this.#edge + 3 * o.targetDuration + o.segmentDuration);
    }
    if (o.deleteOutOfWindow) {
      const listed = o.dvrWindowSeconds ?? o.window * o.segmentDuration;
      for (const segment of step.evicted) {
        const paths = [segment.path, ...(o.keepParts ? segment.parts.map((p) => p.path) : [])];
        this.#removals.add(paths, this.#edge + segment.duration / segment.init.track.timescale + listed);
      }
    }
  }

  #currentSession(): LiveSession {
    const current = this.#sessions[this.#sessions.length - 1];
    if (current !== undefined) return current;
    const provisional: LiveSession = { type: 'live-session', streamKey: '', session: 1, discontinuity: false, wallClock: this.#options.clock(), mediaTimeSeconds: 0 };
    this.#provisional = true;
    this.#sessions.push(provisional);
    return provisional;
  }

  /** No `live-session` came: the first fragment's time and the clock now stand for the session start. */
  #settleProvisional(fragment: CmafFragment, rendition: LiveRendition): void {
    const { timescale } = rendition.track;
    const session: LiveSession = {
      type: 'live-session',
      streamKey: '',
      session: 1,
      discontinuity: false,
      wallClock: this.#options.clock(),
      mediaTimeSeconds: fragment.baseMediaDecodeTime / timescale,
    };
    this.#sessions[this.#sessions.length - 1] = session;
    for (const r of this.#renditions.values()) r.startSession(session);
    this.#provisional = false;
  }

  #sessionRecords(): SessionRecord[] {
    return this.#sessions.map((s) => ({ ...s, initChanged: this.#initChanged.has(s.session) }));
  }
}
