import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { from, lastValueFrom, toArray } from 'rxjs';
import { Backpressure, isOttError } from '@ott/core';
import type { PipelineItem } from '@ott/core';
import { fakeInit, fakeMaster, fakePart, fakePlaylist, fakeRemove, fakeSegment, bytesOf } from './testing/fakeItems.js';
import { TestS3 } from './testing/TestS3.js';
import { watchUploads } from './testing/watchUploads.js';
import { toS3 } from './toS3.js';

let s3: TestS3;
let work: string;
beforeAll(async () => {
  s3 = await TestS3.start('live');
});
afterAll(async () => {
  await s3.close();
});
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-s3-spool-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Five 1 s segments of two 0.5 s parts each, with a playlist after every part and segment, parts removed later. */
function liveItems(): PipelineItem[] {
  const items: PipelineItem[] = [fakeInit()];
  for (let n = 1; n <= 5; n++) {
    const p0 = fakePart(n, 0, bytesOf(n * 10, 300));
    const p1 = fakePart(n, 1, bytesOf(n * 10 + 1, 200));
    items.push(p0, fakePlaylist(1, n - 1, { parts: [p0.path.slice(2)] }), p1, fakePlaylist(1, n - 1, { parts: [p0.path.slice(2), p1.path.slice(2)] }));
    items.push(fakeSegment(n, [...p0.chunks, ...p1.chunks]), fakePlaylist(1, n));
    if (n === 1) items.push(fakeMaster());
    items.push(fakeRemove(p0.path), fakeRemove(p1.path));
  }
  items.push(fakePlaylist(1, 5, { ended: true }));
  return items;
}

describe('toS3', () => {
  it('uploads every manifest only after the objects it names are in the bucket, and removes parts after', async () => {
    const { client, log } = watchUploads(s3, 'order');
    const events = await lastValueFrom(from(liveItems()).pipe(toS3({ client, bucket: 'live', prefix: 'order', concurrency: 4, spool: { dir: work } }), toArray()));
    expect(log.checked).toBe(17);
    expect(log.missing).toEqual([]);
    expect(events.filter((e) => e.type === 'segment').map((e) => (e.type === 'segment' ? e.number : 0))).toEqual([1, 2, 3, 4, 5]);
    expect(events.filter((e) => e.type === 'manifest')).toHaveLength(17);
    expect(await s3.keys('order/')).toEqual(['order/master.m3u8', 'order/v/init.mp4', 'order/v/playlist.m3u8', ...[1, 2, 3, 4, 5].map((n) => `order/v/seg-0000${n}.m4s`)]);
    expect([...(await s3.bytes('order/v/seg-00002.m4s'))]).toEqual([...bytesOf(20, 300), ...bytesOf(21, 200)]);
    expect((await s3.bytes('order/v/playlist.m3u8')).toString()).toContain('#EXT-X-ENDLIST');
    client.destroy();
  });

  it('sets Cache-Control, Content-Type and ACL per kind of file', async () => {
    const items: PipelineItem[] = [fakeInit(), fakeSegment(1, [bytesOf(1, 10)]), fakePlaylist(1, 1)];
    await lastValueFrom(
      from(items).pipe(toS3({ client: s3.connection, bucket: 'live', prefix: 'meta', spool: { dir: work }, acl: { segment: 'public-read' }, cacheControl: { manifest: 'no-cache' } }), toArray()),
    );
    const head = (key: string) => s3.client.send(new HeadObjectCommand({ Bucket: 'live', Key: `meta/${key}` }));
    const segment = await head('v/seg-00001.m4s');
    expect([segment.ContentType, segment.CacheControl]).toEqual(['video/iso.segment', 'public, max-age=31536000, immutable']);
    const init = await head('v/init.mp4');
    expect([init.ContentType, init.CacheControl]).toEqual(['video/mp4', 'public, max-age=31536000, immutable']);
    const playlist = await head('v/playlist.m3u8');
    expect([playlist.ContentType, playlist.CacheControl]).toEqual(['application/vnd.apple.mpegurl', 'no-cache']);
  });

  it('uploads an object above the multipart threshold in parts, byte for byte', async () => {
    const { client, log } = watchUploads(s3);
    const big = [bytesOf(7, 4 * 1024 * 1024), bytesOf(8, 4 * 1024 * 1024), bytesOf(9, 3 * 1024 * 1024)];
    const items: PipelineItem[] = [fakeSegment(1, big, 'big'), fakePlaylist(1, 1, { renditionId: 'big' })];
    await lastValueFrom(from(items).pipe(toS3({ client, bucket: 'live', prefix: 'multi', multipartThreshold: 5 * 1024 * 1024, partSize: 5 * 1024 * 1024, spool: { dir: work } }), toArray()));
    expect(log.calls.filter((c) => c.startsWith('UploadPartCommand'))).toHaveLength(3);
    expect(log.calls).toContain('CompleteMultipartUploadCommand multi/big/seg-00001.m4s');
    expect((await s3.bytes('multi/big/seg-00001.m4s')).equals(Buffer.concat(big))).toBe(true);
    client.destroy();
  });

  it('reports queued bytes to the producer flow and releases them once uploaded', async () => {
    const flow = new Backpressure({ highWaterBytes: 1000 });
    const pauses: boolean[] = [];
    flow.onChange((paused) => pauses.push(paused));
    const items: PipelineItem[] = [1, 2, 3, 4].map((n) => ({ ...fakeSegment(n, [bytesOf(n, 600)]), flow }));
    await lastValueFrom(from(items).pipe(toS3({ client: s3.connection, bucket: 'live', prefix: 'flow', spool: { dir: work } }), toArray()));
    expect(pauses).toEqual([true, false]);
    expect(flow.pending).toBe(0);
  });

  it('fails with S3_UPLOAD_FAILED when S3 refuses the request (no such bucket), without spooling', async () => {
    const run = lastValueFrom(from([fakeSegment(1, [bytesOf(1, 10)])]).pipe(toS3({ client: s3.connection, bucket: 'missing-bucket', spool: { dir: work } }), toArray()));
    const error: unknown = await run.catch((e: unknown) => e);
    expect(isOttError(error) && error.code).toBe('S3_UPLOAD_FAILED');
    expect((error as Error).message).toMatch(/NoSuchBucket.*Check the bucket name/);
  });

  it('refuses an item path that would leave the prefix', async () => {
    const error: unknown = await lastValueFrom(from([{ ...fakeSegment(1, [bytesOf(1, 1)]), path: '../escape.m4s' }]).pipe(toS3({ client: s3.connection, bucket: 'live', prefix: 'p', spool: { dir: work } }))).catch((e: unknown) => e);
    expect(isOttError(error) && error.code).toBe('PACKAGE_INVALID_INPUT');
  });
});
