import { errors as playwrightErrors } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { PLAYER_PAGES } from './playerPage.js';
import type { PageState, PlayerName } from './playerPage.js';

/** Options of {@link playInBrowser}. */
export interface PlayOptions {
  /** hls.js plays HLS only, dash.js DASH only, Shaka both. */
  readonly player: PlayerName;
  /** Absolute http(s) URL of the master playlist or MPD. */
  readonly src: string;
  /** Wait until `video.currentTime` passes this many seconds (default 5). */
  readonly untilSeconds?: number;
  /**
   * Live streams: instead of `untilSeconds`, wait until playback has advanced this many seconds past the position
   * where it first started (a live player starts near the live edge, not at 0). Also measures the live latency.
   */
  readonly advanceSeconds?: number;
  /** Budget for loading the page, playing and seeking together (default 30 000 ms). */
  readonly timeoutMs?: number;
  /**
   * After reaching `untilSeconds`, seek here and wait for `seeked` and for playback to advance
   * {@link SEEK_ADVANCE_SECONDS} past it.
   */
  readonly seekTo?: number;
  /** Origin serving `/_players/` (a {@link startStaticServer} URL); defaults to the origin of `src`. */
  readonly playerOrigin?: string;
  /** Extra query parameters of the player page (the `ott` page reads createPlayer options as JSON from `ott`). */
  readonly pageParams?: Readonly<Record<string, string>>;
  /**
   * W3C ClearKey for encrypted streams: dash.js gets `setProtectionData` clearkeys, Shaka `drm.clearKeys`, hls.js
   * `emeEnabled` with `licenseUrl` (it needs a license server). Hex key id and key (32 digits each); `more` adds keys
   * (key rotation) for dash.js and Shaka.
   */
  readonly drm?: { readonly kid: string; readonly key: string; readonly licenseUrl?: string; readonly more?: readonly { readonly kid: string; readonly key: string }[] };
}

/** What {@link playInBrowser} observed. */
export interface PlayResult {
  readonly player: PlayerName;
  /** `video.currentTime` when waiting ended (after the seek, if any). */
  readonly currentTime: number;
  /** `video.duration` (NaN before metadata). */
  readonly duration: number;
  readonly videoWidth: number;
  readonly videoHeight: number;
  /** Video qualities the player found: hls.js levels, dash.js video representations, Shaka video tracks. */
  readonly levels: number;
  /** Fatal player errors, media element errors, uncaught page errors and `console.error` lines. */
  readonly errors: readonly string[];
  /** Non-fatal player errors and rejected `play()` calls. */
  readonly warnings: readonly string[];
  /** True when `currentTime` passed `untilSeconds`. */
  readonly reached: boolean;
  /** True when the time budget ran out before the target or a fatal error. */
  readonly timedOut: boolean;
  /** Live (`advanceSeconds`): `video.currentTime` when playback first moved. */
  readonly startedAt?: number;
  /**
   * Live (`advanceSeconds`): wall clock minus the program date-time of the frame on screen, in seconds, when waiting
   * ended (hls.js `playingDate`, dash.js `getCurrentLiveLatency()`, Shaka `getPlayheadTimeAsDate()`, ott `liveLatency`); undefined if the
   * player could not tell.
   */
  readonly latencySeconds?: number;
  /** Present when `seekTo` was given and playback got that far. */
  readonly seek?: {
    readonly to: number;
    /** True if a `seeked` event fired after the seek was requested. */
    readonly seeked: boolean;
    /** `video.currentTime` at that `seeked` event: shows the seek landed near `to`. */
    readonly seekedAt: number;
    /** `video.currentTime` when waiting ended. */
    readonly currentTime: number;
  };
}

/** How far playback must advance past a seek target before the seek counts as working. */
export const SEEK_ADVANCE_SECONDS = 1;

type OttWindow = { __ott?: PageState };

/** Resolves true when a `page.waitForFunction` settles, false if its time budget ran out first. */
async function settled(waiting: Promise<unknown>): Promise<boolean> {
  try {
    await waiting;
    return true;
  } catch (error) {
    if (error instanceof playwrightErrors.TimeoutError) return false;
    throw error;
  }
}

function reachedOrFatal(until: number): boolean {
  const state = (window as unknown as OttWindow).__ott;
  const video = document.querySelector('video');
  return state !== undefined && (state.fatal || (video !== null && video.currentTime > until));
}

function playingOrFatal(): boolean {
  const state = (window as unknown as OttWindow).__ott;
  const video = document.querySelector('video');
  return state !== undefined && (state.fatal || (video !== null && video.currentTime > 0 && !video.paused));
}

/** Live latency as the page's player reports it (seconds), or -1. Runs in the page. */
function liveLatency(): number {
  const player = (window as unknown as { __ottPlayer?: Record<string, unknown> }).__ottPlayer;
  if (!player) return -1;
  const call = (name: string): unknown => (typeof player[name] === 'function' ? (player[name] as () => unknown).call(player) : undefined);
  const ott = player['liveLatency']; // @ott/player (PROGRAM-DATE-TIME / UTCTiming)
  if (typeof ott === 'number' && Number.isFinite(ott)) return ott;
  const playingDate = player['playingDate']; // hls.js
  if (playingDate instanceof Date) return (Date.now() - playingDate.getTime()) / 1000;
  const dash = call('getCurrentLiveLatency'); // dash.js (uses its UTCTiming-synchronised clock)
  if (typeof dash === 'number' && Number.isFinite(dash) && dash > 0) return dash;
  const shaka = call('getPlayheadTimeAsDate'); // Shaka
  if (shaka instanceof Date) return (Date.now() - shaka.getTime()) / 1000;
  return -1;
}

function seekedAndAdvancedOrFatal(arg: { seeks: number; target: number }): boolean {
  const state = (window as unknown as OttWindow).__ott;
  const video = document.querySelector('video');
  return state !== undefined && (state.fatal || (state.seeks > arg.seeks && video !== null && video.currentTime > arg.target));
}

function readSnapshot(): { state: PageState | undefined; currentTime: number; duration: number; videoWidth: number; videoHeight: number } {
  const video = document.querySelector('video');
  return {
    state: (window as unknown as OttWindow).__ott,
    currentTime: video?.currentTime ?? 0,
    duration: video?.duration ?? Number.NaN,
    videoWidth: video?.videoWidth ?? 0,
    videoHeight: video?.videoHeight ?? 0,
  };
}

function startSeek(to: number): number {
  const video = document.querySelector('video');
  const seeks = (window as unknown as OttWindow).__ott?.seeks ?? 0;
  if (video) video.currentTime = to;
  return seeks;
}

/**
 * Plays `src` with a reference player in a fresh page of `browser` (real MSE, real decoders) and
 * reports how far it got. Waits on page state, never sleeps: it returns as soon as
 * `currentTime > untilSeconds` (then optionally seeks), on the first fatal error, or when
 * `timeoutMs` runs out. The page is closed before returning.
 *
 * @example
 * ```ts
 * const result = await playInBrowser(browser, { player: 'shaka', src: `${server.url}/dash/manifest.mpd` });
 * expect(result.errors).toEqual([]);
 * expect(result.currentTime).toBeGreaterThan(5);
 * ```
 */
export async function playInBrowser(browser: Browser, options: PlayOptions): Promise<PlayResult> {
  const { player, src, untilSeconds = 5, timeoutMs = 30_000, seekTo } = options;
  const deadline = Date.now() + timeoutMs;
  const remaining = (): number => deadline - Date.now();
  const pageErrors: string[] = [];
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    pageErrors.push(`console.error: ${message.text()}${url ? ` (${url})` : ''}`);
  });
  page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
  page.on('crash', () => pageErrors.push('page crashed'));
  try {
    const pageUrl = new URL(`/_players/${PLAYER_PAGES[player]}`, options.playerOrigin ?? src);
    pageUrl.searchParams.set('src', src);
    for (const [name, value] of Object.entries(options.pageParams ?? {})) pageUrl.searchParams.set(name, value);
    if (options.drm !== undefined) pageUrl.searchParams.set('drm', JSON.stringify(options.drm));
    await page.goto(pageUrl.href, { waitUntil: 'load', timeout: Math.max(1, remaining()) });
    const waitOptions = (): { timeout: number; polling: number } => ({ timeout: Math.max(1, remaining()), polling: 100 });
    let target = untilSeconds;
    let startedAt: number | undefined;
    if (options.advanceSeconds !== undefined) {
      await settled(page.waitForFunction(playingOrFatal, undefined, waitOptions()));
      startedAt = (await page.evaluate(readSnapshot)).currentTime;
      target = startedAt + options.advanceSeconds;
    }
    let timedOut = !(await settled(page.waitForFunction(reachedOrFatal, target, waitOptions())));
    let snapshot = await page.evaluate(readSnapshot);
    const reached = snapshot.currentTime > target;
    const latency = options.advanceSeconds !== undefined ? await page.evaluate(liveLatency) : -1;
    let seek: PlayResult['seek'];
    if (seekTo !== undefined && reached && snapshot.state?.fatal === false) {
      const seeks = await page.evaluate(startSeek, seekTo);
      const target = seekTo + SEEK_ADVANCE_SECONDS;
      timedOut = !(await settled(page.waitForFunction(seekedAndAdvancedOrFatal, { seeks, target }, waitOptions())));
      snapshot = await page.evaluate(readSnapshot);
      const seeked = (snapshot.state?.seeks ?? 0) > seeks;
      seek = { to: seekTo, seeked, seekedAt: seeked ? (snapshot.state?.seekedAt ?? -1) : -1, currentTime: snapshot.currentTime };
    }
    const state = snapshot.state;
    return {
      player,
      currentTime: snapshot.currentTime,
      duration: snapshot.duration,
      videoWidth: snapshot.videoWidth,
      videoHeight: snapshot.videoHeight,
      levels: state?.levels ?? 0,
      errors: [...(state?.errors ?? ['the player page did not start (window.__ott missing)']), ...pageErrors],
      warnings: [...(state?.warnings ?? [])],
      reached,
      timedOut,
      ...(startedAt !== undefined ? { startedAt } : {}),
      ...(latency >= 0 ? { latencySeconds: latency } : {}),
      ...(seek ? { seek } : {}),
    };
  } finally {
    await page.close();
  }
}
