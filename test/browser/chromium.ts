import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

/**
 * Flags measured to work with Debian's Chromium on this kind of machine (see NOTES.md, "Headless
 * Chromium"). No `--disable-features`: it would replace the list playwright passes itself.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The Chromium binary to use: `CHROMIUM_PATH`, else Debian's real binary `/usr/lib/chromium/chromium`
 * (which skips the `/usr/bin/chromium` wrapper's extra flags), else `/usr/bin/chromium`.
 * Throws when none exists: browser tests must fail loudly, never skip.
 */
export function findChromium(): string {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but no file exists there. Point it at a Chromium binary or unset it.`);
    }
    return fromEnv;
  }
  const found = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      'Expected a Chromium binary at $CHROMIUM_PATH, /usr/lib/chromium/chromium or /usr/bin/chromium; found none. ' +
        'Run the test command from the README (`npm test`, whose setup step installs Debian `chromium`), ' +
        'or `apt-get install chromium`, or set CHROMIUM_PATH. The browser tests do not download a browser.',
    );
  }
  return found;
}

/**
 * Launches headless system Chromium through playwright-core (never a downloaded browser).
 * One browser per test file: launch in `beforeAll`, `close()` in `afterAll`. `extraArgs` are appended to
 * {@link CHROMIUM_ARGS} (e.g. {@link WEBRTC_FAKE_MEDIA_ARGS}).
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** A fake camera and microphone without a permission prompt, and ICE over loopback (NOTES.md, "WebRTC"). */
export const WEBRTC_FAKE_MEDIA_ARGS: readonly string[] = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
];
