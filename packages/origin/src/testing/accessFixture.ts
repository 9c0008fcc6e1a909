import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { expect } from 'vitest';
import type { RawResponse } from './rawRequest.js';

/** Secrets and keys of the access tests (test helper, not exported by the package). */
export const HS_SECRET = 'playback-token-secret-of-32-bytes-or-more';
export const URL_SECRET = 'signed-url-secret-of-32-bytes-or-more!!';
export const AUDIENCE = 'ott-viewers';

/** A small protected folder: streams `news` (HLS + DASH) and `sports`, and a file at the root. */
export async function writeAccessFolder(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'ott-origin-access-'));
  await mkdir(join(root, 'news', 'video'), { recursive: true });
  await mkdir(join(root, 'sports'), { recursive: true });
  await writeFile(join(root, 'news', 'master.m3u8'), '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=100000,CODECS="avc1.64001e"\nvideo/playlist.m3u8\n');
  await writeFile(
    join(root, 'news', 'video', 'playlist.m3u8'),
    '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:2.0,\nseg-00001.m4s\n#EXT-X-ENDLIST\n',
  );
  await writeFile(join(root, 'news', 'video', 'init.mp4'), 'init');
  await writeFile(join(root, 'news', 'video', 'seg-00001.m4s'), 'segment-1');
  await writeFile(
    join(root, 'news', 'manifest.mpd'),
    '<?xml version="1.0"?>\n<MPD type="static"><Period><AdaptationSet><Representation id="video">' +
      '<SegmentTemplate initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/seg-$Number%05d$.m4s" startNumber="1"/>' +
      '</Representation></AdaptationSet></Period></MPD>\n',
  );
  await writeFile(join(root, 'sports', 'master.m3u8'), '#EXTM3U\n');
  await writeFile(join(root, 'top.m3u8'), '#EXTM3U\n');
  return root;
}

/** An RSA and an EC P-256 key pair. */
export function testKeys(): { rsa: { publicKey: KeyObject; privateKey: KeyObject }; ec: { publicKey: KeyObject; privateKey: KeyObject } } {
  return {
    rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }),
    ec: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  };
}

/** A JWKS endpoint whose keys can change; counts fetches. */
export interface JwksServer {
  readonly url: string;
  readonly fetches: () => number;
  setKeys(keys: readonly JWK[]): void;
  close(): Promise<void>;
}

export async function startJwksServer(keys: readonly JWK[]): Promise<JwksServer> {
  let current = keys;
  let count = 0;
  const server: Server = createServer((_req, res) => {
    count++;
    res.writeHead(200, { 'Content-Type': 'application/jwk-set+json' }).end(JSON.stringify({ keys: current }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
    fetches: () => count,
    setKeys: (next) => (current = next),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Asserts a refusal: status, `X-Ott-Reason`, and the JSON body naming the same reason. */
export function expectRefused(res: RawResponse, status: number, reason: string): void {
  expect({ status: res.status, reason: res.headers['x-ott-reason'] }).toEqual({ status, reason });
  expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({ error: reason });
  expect(res.headers['cache-control']).toBe('no-store');
}
