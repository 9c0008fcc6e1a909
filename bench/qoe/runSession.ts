import { errors as playwrightErrors } from 'playwright-core';
import type { Browser } from 'playwright-core';
import type { PageQoe, QoePlayer, StreamFormat } from './qoePage.js';
import { startThrottle } from './throttleProfile.js';
import type { NetworkProfile } from './throttleProfile.js';

/** One player's session under one profile. */
export interface SessionSpec {
  readonly player: QoePlayer;
  readonly format: StreamFormat;
  readonly profile: NetworkProfile;
  /** Base URL of the server holding `/qoe/<player>.html` and the stream. */
  readonly origin: string;
  /** Manifest path on the server, e.g. `/stream/manifest.mpd`. */
  readonly manifest: string;
  /** Stop after this many wall seconds from navigation even if the video has not ended. */
  readonly limitSeconds: number;
}

/** What a session recorded: the page's samples plus how it lined up with the throttle schedule. */
export interface SessionRecord {
  readonly player: QoePlayer;
  readonly format: StreamFormat;
  readonly profile: string;
  /** ms from the first throttle step to the page's time origin (samples' t = 0). */
  readonly throttleLeadMs: number;
  readonly page: PageQoe;
  /** Uncaught page errors and console errors. */
  readonly pageErrors: readonly string[];
}

type QoeWindow = { __qoe?: PageQoe };

function endedOrFailed(): boolean {
  const state = (window as unknown as QoeWindow).__qoe;
  const video = document.querySelector('video');
  return state !== undefined && (state.errors.length > 0 || (video !== null && video.ended));
}

function readState(): PageQoe | undefined {
  return (window as unknown as QoeWindow).__qoe;
}

/**
 * Runs one player in a fresh browser context and page: the profile's throttle is in force before the page (and so
 * the player script) loads, steps through the profile while the video plays, and the session ends when the video
 * ends, on a fatal error, or after `limitSeconds`. The context is closed before returning.
 */
export async function runSession(browser: Browser, spec: SessionSpec): Promise<SessionRecord> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const pageErrors: string[] = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && pageErrors.length < 50) pageErrors.push(`console.error: ${message.text()}`);
    });
    page.on('crash', () => pageErrors.push('page crashed'));
    const cdp = await context.newCDPSession(page);
    const throttle = await startThrottle(cdp, spec.profile);
    try {
      const url = new URL(`/qoe/${spec.player === 'hls.js' ? 'hls' : spec.player === 'dash.js' ? 'dash' : spec.player}.html`, spec.origin);
      url.searchParams.set('src', new URL(spec.manifest, spec.origin).href);
      const deadline = throttle.startedAt + spec.limitSeconds * 1000;
      await page.goto(url.href, { waitUntil: 'commit', timeout: 60_000 });
      try {
        await page.waitForFunction(endedOrFailed, undefined, { timeout: Math.max(1, deadline - Date.now()), polling: 1000 });
      } catch (error) {
        if (!(error instanceof playwrightErrors.TimeoutError)) throw error;
      }
      const state = await page.evaluate(readState);
      if (!state) throw new Error(`The ${spec.player} page did not start (window.__qoe missing): ${pageErrors.join('; ')}`);
      return {
        player: spec.player,
        format: spec.format,
        profile: spec.profile.name,
        throttleLeadMs: state.timeOrigin - throttle.startedAt,
        page: state,
        pageErrors,
      };
    } finally {
      throttle.stop();
    }
  } finally {
    await context.close();
  }
}
