import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CDPSession } from 'playwright-core';

/** A network profile of ../shared/profiles: throughput steps (looped when the session is longer). */
export interface NetworkProfile {
  readonly name: string;
  readonly latencyMs: number;
  readonly steps: readonly { readonly kbps: number; readonly seconds: number }[];
}

/** Reads every `*.json` profile in `dir`, sorted by name. */
export async function readProfiles(dir: string): Promise<NetworkProfile[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const profiles: NetworkProfile[] = [];
  for (const file of files) {
    const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as NetworkProfile;
    if (!Array.isArray(profile.steps) || profile.steps.length === 0 || profile.steps.some((s) => !(s.kbps > 0) || !(s.seconds > 0))) {
      throw new Error(`Profile ${file}: expected { name, latencyMs, steps: [{ kbps > 0, seconds > 0 }, …] }.`);
    }
    profiles.push(profile);
  }
  return profiles;
}

/** Throughput (kbit/s) of `profile` at `seconds` after its start, looping the steps. */
export function kbpsAt(profile: NetworkProfile, seconds: number): number {
  const cycle = profile.steps.reduce((sum, s) => sum + s.seconds, 0);
  let t = ((seconds % cycle) + cycle) % cycle;
  for (const step of profile.steps) {
    if (t < step.seconds) return step.kbps;
    t -= step.seconds;
  }
  return profile.steps[profile.steps.length - 1]?.kbps ?? 0;
}

/** Mean throughput (kbit/s) of `profile` over the first `seconds`. */
export function meanKbps(profile: NetworkProfile, seconds: number): number {
  let sum = 0;
  const dt = 0.05;
  for (let t = 0; t < seconds; t += dt) sum += kbpsAt(profile, t) * dt;
  return sum / seconds;
}

/**
 * Applies `profile` to one page through CDP `Network.emulateNetworkConditions` (`downloadThroughput = kbps·1000/8`
 * bytes/s, `latency = latencyMs`), stepping on an absolute schedule from the first call so timer drift does not
 * accumulate. Resolves once the first step is in force (call it before the page navigates); `stop()` ends stepping.
 */
export async function startThrottle(cdp: CDPSession, profile: NetworkProfile): Promise<{ startedAt: number; stop: () => void }> {
  const apply = (kbps: number): Promise<unknown> =>
    cdp.send('Network.emulateNetworkConditions', { offline: false, latency: profile.latencyMs, downloadThroughput: (kbps * 1000) / 8, uploadThroughput: -1 });
  await cdp.send('Network.enable');
  const first = profile.steps[0];
  if (!first) throw new Error(`Profile ${profile.name} has no steps.`);
  await apply(first.kbps);
  const startedAt = Date.now();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let index = 0;
  let due = startedAt;
  const next = (): void => {
    if (stopped) return;
    due += (profile.steps[index]?.seconds ?? 1) * 1000;
    index = (index + 1) % profile.steps.length;
    timer = setTimeout(() => {
      if (stopped) return;
      apply(profile.steps[index]?.kbps ?? first.kbps).catch(() => undefined); // the page may be closing
      next();
    }, Math.max(0, due - Date.now()));
  };
  next();
  return {
    startedAt,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
