import { errors as playwrightErrors } from 'playwright-core';
import type { Browser, CDPSession } from 'playwright-core';
import type { PageQoe, QoePlayer, StreamFormat } from './qoePage.js';
import type { NetworkProfile } from './throttleProfile.js';

/**
 * Puts a page's network under `profile` before it navigates and says where the page is: CDP emulation in the
 * browser, or a shaped link on the server. `startedAt` (epoch ms) is when the profile's clock started.
 */
export type Throttler = (
  cdp: () => Promise<CDPSession>,
  player: QoePlayer,
  format: StreamFormat,
  profile: NetworkProfile,
) => Promise<{ pageUrl: string; startedAt: number; stop: () => void }>;

/** One player's session under one profile. */
export interface SessionSpec {
  readonly player: QoePlayer;
  readonly format: StreamFormat;
  readonly profile: NetworkProfile;
  readonly throttler: Throttler;
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
    const throttle = await spec.throttler(() => context.newCDPSession(page), spec.player, spec.format, spec.profile);
    try {
      const deadline = throttle.startedAt + spec.limitSeconds * 1000;
      await page.goto(throttle.pageUrl, { waitUntil: 'commit', timeout: 60_000 });
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
