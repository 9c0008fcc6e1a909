import { PlayerError } from '../errors/PlayerError.js';
import { refreshDash, resolveSegments } from '../manifest/loadPresentation.js';
import type { Presentation, Track } from '../manifest/Presentation.js';
import type { PlayerOptions } from '../types.js';
import { retryDelayMs } from './retryDelay.js';

/** What {@link refreshLive} needs from the session. */
export interface RefreshContext {
  readonly presentation: Presentation;
  /** For `retryDelay`. */
  readonly options: PlayerOptions;
  /** True once the session is destroyed. */
  readonly stopped: boolean;
  /** Aborts playlist requests in flight (blocking reloads can be held for seconds) on destroy. */
  readonly signal: AbortSignal;
  /** The track a loop of this kind plays now. */
  activeTrack(kind: 'video' | 'audio'): Track | undefined;
  delay(ms: number): Promise<void>;
  /** New segments arrived: lets the loops look at them. */
  refreshed(): void;
  warn(error: PlayerError): void;
  /** The live presentation ended (every playlist played has EXT-X-ENDLIST, or the MPD became static). */
  ended(): void;
}

const asWarning = (error: unknown): PlayerError =>
  error instanceof PlayerError
    ? new PlayerError(error.code, error.message, { stage: error.stage, fatal: false, cause: error })
    : new PlayerError('MANIFEST_LOAD_FAILED', String(error), { stage: 'manifest', fatal: false, cause: error });

/**
 * Keeps a live presentation's segment lists fresh until it ends: HLS reloads the playing video and audio playlists
 * each on its own, as blocking reloads of the next part or segment when the server allows (RFC 8216bis §6.2.5.2),
 * otherwise every part/target duration; DASH refetches the MPD every `minimumUpdatePeriod` (ISO/IEC 23009-1
 * §5.4.1). Failures are warnings and are retried with back-off.
 */
export async function refreshLive(ctx: RefreshContext): Promise<void> {
  if (ctx.presentation.format === 'dash') await refreshMpd(ctx);
  else await Promise.all([refreshPlaylists(ctx, 'video'), refreshPlaylists(ctx, 'audio')]);
}

async function refreshMpd(ctx: RefreshContext): Promise<void> {
  const p = ctx.presentation;
  while (!ctx.stopped && p.live) {
    await ctx.delay(Math.max(0.5, p.refreshInterval) * 1000);
    if (ctx.stopped) return;
    let live = true;
    try {
      live = await refreshDash(p, ctx.signal);
    } catch (error) {
      if (ctx.stopped) return;
      ctx.warn(asWarning(error));
    }
    if (!live) ctx.ended();
    ctx.refreshed();
  }
}

async function refreshPlaylists(ctx: RefreshContext, kind: 'video' | 'audio'): Promise<void> {
  const p = ctx.presentation;
  let failures = 0;
  while (!ctx.stopped && p.live) {
    const track = ctx.activeTrack(kind);
    if (!track) return;
    const interval = Math.max(0.25, p.refreshInterval) * 1000;
    if (track.endList) {
      // This playlist is final; the other kind may still be live (or the player may switch to a level that is not).
      await ctx.delay(interval);
      continue;
    }
    const before = `${track.nextMsn}/${track.nextPart}`;
    if (!track.canBlockReload || track.nextMsn === undefined) await ctx.delay(interval);
    if (ctx.stopped) return;
    try {
      await resolveSegments(track, p, true, ctx.signal);
      failures = 0;
      // A server that does not hold blocking requests must not be polled in a tight loop.
      if (track.canBlockReload && `${track.nextMsn}/${track.nextPart}` === before) await ctx.delay(interval / 2);
    } catch (error) {
      if (ctx.stopped) return;
      ctx.warn(asWarning(error));
      await ctx.delay(retryDelayMs(ctx.options, failures++));
    }
    ctx.refreshed();
    const active = [ctx.activeTrack('video'), ctx.activeTrack('audio')].filter((t) => t !== undefined);
    if (p.live && active.every((t) => t.endList)) ctx.ended();
  }
}
