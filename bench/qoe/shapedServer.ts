import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { kbpsAt } from './throttleProfile.js';
import type { NetworkProfile } from './throttleProfile.js';

/** A static response: status, headers and the whole body (benchmark files are small: ≤ 1 MB). */
export interface StaticBody {
  readonly type: string;
  readonly body: Buffer;
  readonly encoding?: 'gzip';
}

/** One emulated access link: a page's requests share its throughput, which follows a profile from `startedAt`. */
interface Link {
  readonly profile: NetworkProfile;
  readonly startedAt: number;
  readonly streams: Stream[];
  lastTick: number;
  allowance: number;
}

interface Stream {
  readonly res: ServerResponse;
  readonly body: Buffer;
  offset: number;
  blocked: boolean;
}

const TICK_MS = 5;
/** Unused allowance kept from one tick to the next, in seconds of throughput: no bursts after an idle or a stall. */
const CARRY_S = 0.02;

const MIME: Readonly<Record<string, string>> = {
  '.m3u8': 'application/vnd.apple.mpegurl', '.mpd': 'application/dash+xml', '.mp4': 'video/mp4', '.m4s': 'video/iso.segment',
};

/** A server that emulates each page's network itself, see {@link startShapedServer}. */
export interface ShapedServer {
  readonly url: string;
  /** Starts a link following `profile` now; its URLs live under the returned prefix (`/s/<id>/`). */
  openLink(profile: NetworkProfile): { prefix: string; startedAt: number };
  closeLink(prefix: string): void;
  close(): Promise<void>;
}

/** Bytes the profile lets through between two instants (integrates the step function). */
function bytesBetween(profile: NetworkProfile, from: number, to: number): number {
  let bytes = 0;
  for (let t = from; t < to; ) {
    const next = Math.min(to, t + 10);
    bytes += (kbpsAt(profile, t / 1000) * 1000 / 8) * ((next - t) / 1000);
    t = next;
  }
  return bytes;
}

/**
 * Serves the stream folder and the player pages under per-page prefixes `/s/<id>/…`, shaping every response body of a
 * prefix through one shared link whose throughput follows the page's profile (token bucket refilled every 5 ms,
 * round-robin between concurrent responses, no credit saved while idle) and delaying each response by the
 * profile's `latencyMs`. Unlike CDP `Network.emulateNetworkConditions`, changing the rate mid-transfer slows or speeds
 * the transfer instead of releasing it unthrottled (see README).
 */
export async function startShapedServer(streamDir: string, extra: Readonly<Record<string, StaticBody>>): Promise<ShapedServer> {
  const links = new Map<string, Link>();
  const cache = new Map<string, Promise<StaticBody | undefined>>();
  let nextId = 1;
  const load = (rel: string): Promise<StaticBody | undefined> => {
    const fixed = extra[rel];
    if (fixed) return Promise.resolve(fixed);
    if (rel.split('/').includes('..')) return Promise.resolve(undefined);
    let found = cache.get(rel);
    if (!found) {
      found = readFile(path.join(streamDir, rel)).then(
        (body) => ({ type: MIME[path.extname(rel)] ?? 'application/octet-stream', body }),
        () => undefined,
      );
      cache.set(rel, found);
    }
    return found;
  };
  const tick = (): void => {
    const now = Date.now();
    for (const link of links.values()) {
      const active = link.streams.filter((s) => !s.blocked);
      const earned = bytesBetween(link.profile, link.lastTick - link.startedAt, now - link.startedAt);
      link.lastTick = now;
      if (active.length === 0) {
        link.allowance = 0;
        continue;
      }
      link.allowance = Math.min(link.allowance + earned, earned + (kbpsAt(link.profile, (now - link.startedAt) / 1000) * 1000 / 8) * CARRY_S);
      // Round-robin fair share: what one stream cannot use goes to the others.
      let open = active;
      while (link.allowance >= 1 && open.length > 0) {
        const share = Math.max(1, Math.floor(link.allowance / open.length));
        for (const s of open) {
          const n = Math.min(share, s.body.length - s.offset, Math.floor(link.allowance));
          if (n <= 0) continue;
          const ok = s.res.write(s.body.subarray(s.offset, s.offset + n));
          s.offset += n;
          link.allowance -= n;
          if (!ok) {
            s.blocked = true;
            s.res.once('drain', () => (s.blocked = false));
          }
        }
        for (const s of open.filter((x) => x.offset >= x.body.length)) {
          s.res.end();
          link.streams.splice(link.streams.indexOf(s), 1);
        }
        open = open.filter((s) => s.offset < s.body.length && !s.blocked);
      }
    }
  };
  const timer = setInterval(tick, TICK_MS);
  const server = createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const match = /^\/s\/(\d+)\/(.*)$/.exec(pathname);
    const link = match ? links.get(match[1] ?? '') : undefined;
    if (!match || !link) {
      res.writeHead(404).end('unknown link');
      return;
    }
    void load(decodeURIComponent(match[2] ?? '')).then((file) => {
      setTimeout(() => {
        if (!file) {
          res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`Not found: ${pathname}`);
          return;
        }
        res.writeHead(200, {
          'Content-Type': file.type, 'Content-Length': file.body.length, 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*',
          ...(file.encoding ? { 'Content-Encoding': file.encoding } : {}),
        });
        if (req.method === 'HEAD' || file.body.length === 0) {
          res.end();
          return;
        }
        const stream: Stream = { res, body: file.body, offset: 0, blocked: false };
        link.streams.push(stream);
        res.on('close', () => {
          const i = link.streams.indexOf(stream);
          if (i >= 0) link.streams.splice(i, 1); // aborted by the player
        });
      }, link.profile.latencyMs);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    openLink(profile) {
      const id = String(nextId++);
      const startedAt = Date.now();
      links.set(id, { profile, startedAt, streams: [], lastTick: startedAt, allowance: 0 });
      return { prefix: `/s/${id}/`, startedAt };
    },
    closeLink(prefix) {
      links.delete(prefix.split('/')[2] ?? '');
    },
    close: () => new Promise<void>((resolve, reject) => {
      clearInterval(timer);
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}
