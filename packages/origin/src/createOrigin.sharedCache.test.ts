// `segmentCache: 'shared'`: protected segments a CDN may store, keyed by their signed URL (deploy/nginx/ott-edge.conf).
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPlaybackToken } from './auth/signPlaybackToken.js';
import { signUrl } from './auth/signUrl.js';
import { capFreshness, DEFAULT_CACHE_POLICY } from './http/cachePolicy.js';
import { startOrigin, type RunningOrigin } from './startOrigin.js';
import { AUDIENCE, HS_SECRET, URL_SECRET, writeAccessFolder } from './testing/accessFixture.js';
import { rawRequest } from './testing/rawRequest.js';

let root: string;
let shared: RunningOrigin;
let privateOrigin: RunningOrigin;

beforeAll(async () => {
  root = await writeAccessFolder();
  const access = { signedUrls: { secret: URL_SECRET }, jwt: { secret: HS_SECRET, algorithms: ['HS256' as const], audience: AUDIENCE } };
  shared = await startOrigin({ root, access: { ...access, segmentCache: 'shared' } });
  privateOrigin = await startOrigin({ root, access });
});

afterAll(async () => {
  await shared?.close();
  await privateOrigin?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

const maxAgeOf = (cacheControl: string | undefined): number => Number(/max-age=(\d+)/.exec(cacheControl ?? '')?.[1] ?? NaN);

describe("segmentCache: 'shared'", () => {
  it('lets a shared cache store a signed-URL segment, but never past the signature expiry', async () => {
    const query = signUrl('/news/master.m3u8', { secret: URL_SECRET, expiresInSeconds: 120 }).split('?')[1];
    const segment = await rawRequest(shared.port, `/news/video/seg-00001.m4s?${query}`);
    expect(segment.status).toBe(200);
    expect(segment.headers['cache-control']).toMatch(/^public, max-age=\d+, immutable$/);
    expect(maxAgeOf(segment.headers['cache-control'])).toBeLessThanOrEqual(120);
    expect(maxAgeOf(segment.headers['cache-control'])).toBeGreaterThan(0);
  });

  it('caps a query token segment at the token exp too, and keeps manifests private, no-store', async () => {
    const token = await signPlaybackToken({ algorithm: 'HS256', secret: HS_SECRET, stream: 'news', audience: AUDIENCE, expiresInSeconds: 300 });
    const segment = await rawRequest(shared.port, `/news/video/init.mp4?token=${token}`);
    expect(maxAgeOf(segment.headers['cache-control'])).toBeLessThanOrEqual(300);
    const master = await rawRequest(shared.port, `/news/master.m3u8?token=${token}`);
    expect(master.headers['cache-control']).toBe('private, no-store');
  });

  it("keeps the year-long private policy without 'shared' (only the viewer's own cache stores it)", async () => {
    const query = signUrl('/news/master.m3u8', { secret: URL_SECRET, expiresInSeconds: 120 }).split('?')[1];
    const segment = await rawRequest(privateOrigin.port, `/news/video/seg-00001.m4s?${query}`);
    expect(segment.headers['cache-control']).toBe('private, max-age=31536000, immutable');
  });

  it('capFreshness lowers max-age and s-maxage, never raises them, and stops at 0', () => {
    const policy = { ...DEFAULT_CACHE_POLICY, other: 'public, max-age=60, s-maxage=600' };
    expect(capFreshness(policy, 90)).toMatchObject({ segment: 'public, max-age=90, immutable', other: 'public, max-age=60, s-maxage=90', livePlaylist: 'no-cache' });
    expect(capFreshness(policy, -5).segment).toBe('public, max-age=0, immutable');
  });
});
