import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { expect } from 'vitest';
import { playInBrowser } from '../browser/playInBrowser.js';

const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));

/** A running `ott live --json` process. */
export interface LiveCli {
  /** Where publishers connect, from the `ready` line. */
  readonly endpoint: string;
  /** `--serve` origin URL (ends with `/`). */
  readonly origin: string;
  /** Every JSON line so far. */
  readonly events: readonly Record<string, unknown>[];
  /** Resolves with the first event matching `test` (already seen or future). */
  waitForEvent(test: (event: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** SIGINT (streams are finalised as VOD) and the exit code. */
  stop(): Promise<number | null>;
  readonly stderr: () => string;
  /** pid of the `ott` process (benchmarks read its CPU time from /proc). */
  readonly pid: number | undefined;
}

/**
 * Starts the BUILT `ott live` with `--json --serve 0` and resolves once it printed its `ready` line. The process is
 * killed if the caller forgets to stop it (on SIGKILL of the test runner it dies with its parent's pipes).
 */
export function startLiveCli(args: readonly string[], options: { readonly openFiles?: number } = {}): Promise<LiveCli> {
  const command = [process.execPath, BIN, 'live', ...args, '--json', '--serve', '0'];
  // openFiles: raise the soft file-descriptor limit first (as an operator would with `ulimit -n` for many connections).
  const child: ChildProcess = options.openFiles === undefined
    ? spawn(command[0] as string, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('bash', ['-c', `ulimit -n ${options.openFiles} && exec "$@"`, 'bash', ...command], { stdio: ['ignore', 'pipe', 'pipe'] });
  const events: Record<string, unknown>[] = [];
  const waiters: { test: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void }[] = [];
  let stderr = '';
  let partial = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-20_000)));
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      events.push(event);
      for (const waiter of [...waiters]) {
        if (!waiter.test(event)) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const waitForEvent = (test: (e: Record<string, unknown>) => boolean, timeoutMs = 60_000): Promise<Record<string, unknown>> => {
    const seen = events.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ott live: no matching event within ${timeoutMs} ms. stderr:\n${stderr.slice(-3000)}`)), timeoutMs);
      waiters.push({ test, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`ott live exited (${String(code)}) before the event. stderr:\n${stderr.slice(-3000)}`));
      });
    });
  };
  return waitForEvent((e) => e['type'] === 'ready', 30_000).then((ready) => ({
    endpoint: String(ready['endpoint']),
    origin: String(ready['origin']),
    events,
    waitForEvent,
    stderr: () => stderr,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  }));
}

/** An ffmpeg publisher of a synthetic live source (testsrc2 + sine, real time), killed by `stop()`. */
export interface Publisher {
  readonly child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts ffmpeg publishing `seconds` of 640x360@25 H.264 + AAC in real time to `target` (`-f <format>`). */
export function startPublisher(format: 'flv' | 'mpegts' | 'rtsp', target: string, seconds = 120, extra: readonly string[] = []): Publisher {
  const child = spawn(process.env['FFMPEG_PATH'] ?? 'ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '50', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '64k', ...extra, '-f', format, target,
  ], { stdio: 'ignore' });
  return {
    child,
    stop: (signal: NodeJS.Signals = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('close', () => resolve());
        child.kill(signal);
      }),
  };
}

/**
 * Waits for the stream's master playlist, then plays it live with hls.js (LL-HLS), dash.js and Shaka (DASH) at once and
 * expects each to advance 4 s without an error, with both video renditions. Shaka watches DASH: Shaka 5.2 fails on a
 * live LL-HLS playlist that ends in parts of an unfinished segment (getInfoFromSegment_ on a reference without URI).
 */
export async function playLiveWithAllPlayers(browser: Browser, live: LiveCli, key: string, playersUrl: string): Promise<void> {
  await live.waitForEvent((e) => e['streamKey'] === key && e['type'] === 'manifest' && e['path'] === 'master.m3u8');
  const base = `${live.origin}${key}/`;
  const common = { playerOrigin: playersUrl, advanceSeconds: 4, timeoutMs: 60_000 };
  const results = await Promise.all([
    playInBrowser(browser, { ...common, player: 'hls.js', src: `${base}master.m3u8` }),
    playInBrowser(browser, { ...common, player: 'dash.js', src: `${base}manifest.mpd` }),
    playInBrowser(browser, { ...common, player: 'shaka', src: `${base}manifest.mpd` }),
  ]);
  for (const result of results) {
    expect(result.errors, result.player).toEqual([]);
    expect(result.reached, result.player).toBe(true);
    expect(result.levels, result.player).toBe(2);
  }
}
