import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WarningEvent } from '@ott/core';
import { startOrigin, type RunningOrigin } from '../startOrigin.js';
import { rawRequest } from '../testing/rawRequest.js';
import { streamRequest } from '../testing/streamRequest.js';

let base: string;
let root: string;
let origin: RunningOrigin;
let short: RunningOrigin;
let renditions = 0;
const warnings: WarningEvent[] = [];

/** A part: one recognisable run of bytes (a stand-in for one moof+mdat). */
const part = (segment: number, index: number, size = 3000): Buffer => Buffer.alloc(size, segment * 16 + index + 1);

/** Publishes a file the way the folder sink does: a dot temp file in the same folder, then rename. */
async function publish(folder: string, name: string, data: Buffer): Promise<void> {
  const temp = join(root, folder, `.${name}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  await writeFile(temp, data);
  await rename(temp, join(root, folder, name));
}

async function newRendition(): Promise<string> {
  const folder = `video_${++renditions}`;
  await mkdir(join(root, folder));
  return folder;
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'ott-origin-live-'));
  root = join(base, 'root');
  await mkdir(root);
  origin = await startOrigin({ root, pollIntervalMs: 0 }); // file events only: fs.watch alone drives the streams
  short = await startOrigin({ root, awaitMissingMs: 200, inProgressHoldMs: 400, onWarning: (warning) => warnings.push(warning) });
});

afterAll(async () => {
  await origin?.close();
  await short?.close();
  if (base) await rm(base, { recursive: true, force: true });
});

describe('in-progress segments (LL-DASH chunked transfer)', () => {
  it('streams a segment part by part as each part is published, and ends when the segment file exists', async () => {
    const folder = await newRendition();
    const parts = [part(1, 0), part(1, 1), part(1, 2)];
    await publish(folder, 'seg-00001.p0.m4s', parts[0] as Buffer);
    const res = streamRequest(origin.port, `/${folder}/seg-00001.m4s`);
    const head = await res.head;
    expect(head.statusCode).toBe(200);
    expect(head.headers['transfer-encoding']).toBe('chunked');
    expect(head.headers['content-length']).toBeUndefined();
    expect(head.headers['cache-control']).toBe('no-cache');
    expect(head.headers.etag).toBeUndefined();
    expect(head.headers['content-type']).toBe('video/iso.segment');
    await res.waitForBytes(3000); // part 0 arrived while part 1 does not exist yet
    await publish(folder, 'seg-00001.p1.m4s', parts[1] as Buffer);
    await res.waitForBytes(6000);
    await publish(folder, 'seg-00001.p2.m4s', parts[2] as Buffer);
    await res.waitForBytes(9000);
    await publish(folder, 'seg-00001.m4s', Buffer.concat(parts));
    expect((await res.body).equals(Buffer.concat(parts))).toBe(true);
    await vi.waitFor(() => expect(origin.origin.pendingMedia).toBe(0));
    // Once complete, the same URL is a normal immutable file.
    const complete = await rawRequest(origin.port, `/${folder}/seg-00001.m4s`);
    expect(complete.headers['content-length']).toBe('9000');
    expect(complete.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('holds a request that comes before the first part and streams once it appears', async () => {
    const folder = await newRendition();
    const res = streamRequest(origin.port, `/${folder}/seg-00002.m4s`);
    await vi.waitFor(() => expect(origin.origin.pendingMedia).toBe(1));
    await publish(folder, 'seg-00002.p0.m4s', part(2, 0));
    expect((await res.head).statusCode).toBe(200);
    await res.waitForBytes(3000);
    await publish(folder, 'seg-00002.p1.m4s', part(2, 1));
    await publish(folder, 'seg-00002.m4s', Buffer.concat([part(2, 0), part(2, 1)]));
    expect((await res.body).equals(Buffer.concat([part(2, 0), part(2, 1)]))).toBe(true);
  });

  it('sends the rest of the segment from the segment file when it holds bytes beyond the parts sent', async () => {
    const folder = await newRendition();
    await publish(folder, 'seg-00003.p0.m4s', part(3, 0));
    const res = streamRequest(origin.port, `/${folder}/seg-00003.m4s`);
    await res.waitForBytes(3000);
    const whole = Buffer.concat([part(3, 0), part(3, 1), part(3, 2, 500)]); // parts 1 and 2 never published alone
    await publish(folder, 'seg-00003.m4s', whole);
    expect((await res.body).equals(whole)).toBe(true);
  });

  it('serves a segment that is complete before any part was sent as a normal file', async () => {
    const folder = await newRendition();
    const res = streamRequest(origin.port, `/${folder}/seg-00004.m4s`);
    await vi.waitFor(() => expect(origin.origin.pendingMedia).toBe(1));
    await publish(folder, 'seg-00004.m4s', part(4, 0));
    const head = await res.head;
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe('3000');
    expect(head.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await res.body).equals(part(4, 0))).toBe(true);
  });

  it('answers 200 concurrent viewers of one in-progress segment, all with the whole segment', async () => {
    const folder = await newRendition();
    const viewers = Array.from({ length: 200 }, () => streamRequest(origin.port, `/${folder}/seg-00005.m4s`));
    await vi.waitFor(() => expect(origin.origin.pendingMedia).toBe(200), { timeout: 10_000 });
    const parts = [part(5, 0), part(5, 1), part(5, 2)];
    await publish(folder, 'seg-00005.p0.m4s', parts[0] as Buffer);
    await Promise.all(viewers.map((viewer) => viewer.waitForBytes(3000)));
    await publish(folder, 'seg-00005.p1.m4s', parts[1] as Buffer);
    await publish(folder, 'seg-00005.p2.m4s', parts[2] as Buffer);
    await publish(folder, 'seg-00005.m4s', Buffer.concat(parts));
    const bodies = await Promise.all(viewers.map((viewer) => viewer.body));
    for (const body of bodies) expect(body.equals(Buffer.concat(parts))).toBe(true);
    await vi.waitFor(() => expect(origin.origin.pendingMedia).toBe(0));
  });

  it('answers HEAD as soon as the first part exists, without a body or a length', async () => {
    const folder = await newRendition();
    await publish(folder, 'seg-00006.p0.m4s', part(6, 0));
    const res = await rawRequest(origin.port, `/${folder}/seg-00006.m4s`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('answers a Range request on an in-progress segment with the whole segment (200)', async () => {
    const folder = await newRendition();
    await publish(folder, 'seg-00007.p0.m4s', part(7, 0));
    const res = streamRequest(origin.port, `/${folder}/seg-00007.m4s`, { headers: { Range: 'bytes=100-199' } });
    await res.waitForBytes(3000);
    await publish(folder, 'seg-00007.m4s', Buffer.concat([part(7, 0), part(7, 1)]));
    expect((await res.head).statusCode).toBe(200);
    expect((await res.body).length).toBe(6000);
  });

  it('ends an in-progress response after the hold time with the whole parts sent, and warns', async () => {
    const folder = await newRendition();
    await publish(folder, 'seg-00008.p0.m4s', part(8, 0));
    const res = streamRequest(short.port, `/${folder}/seg-00008.m4s`);
    expect((await res.body).equals(part(8, 0))).toBe(true);
    expect(warnings.map((warning) => warning.code)).toContain('ORIGIN_SEGMENT_INCOMPLETE');
  });

  it('answers 404 when neither the segment nor a part appears within the wait', async () => {
    const folder = await newRendition();
    const res = await rawRequest(short.port, `/${folder}/seg-00009.m4s`);
    expect(res.status).toBe(404);
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await rawRequest(short.port, `/${folder}/seg-00009.p0.m4s`)).status).toBe(404);
    expect((await rawRequest(short.port, '/no-such-rendition/seg-00001.m4s')).status).toBe(404);
    expect((await rawRequest(short.port, `/${folder}/missing.json`)).status).toBe(404);
  });

  it('never follows a folder or part symlink out of the root', async () => {
    await mkdir(join(base, 'outside'));
    await writeFile(join(base, 'outside', 'seg-00001.p0.m4s'), 'SECRET');
    await symlink(join(base, 'outside'), join(root, 'escape'));
    expect((await rawRequest(short.port, '/escape/seg-00001.m4s')).status).toBe(404);
    const folder = await newRendition();
    await symlink(join(base, 'outside', 'seg-00001.p0.m4s'), join(root, folder, 'seg-00010.p0.m4s'));
    const res = await rawRequest(short.port, `/${folder}/seg-00010.m4s`);
    expect(res.status).toBe(404);
    expect(res.body.toString()).not.toContain('SECRET');
  });
});

describe('parts announced ahead (EXT-X-PRELOAD-HINT)', () => {
  it('holds a request for a part until it is published, then serves it as a normal file', async () => {
    const folder = await newRendition();
    const res = streamRequest(origin.port, `/${folder}/seg-00011.p1.m4s`);
    await vi.waitFor(() => expect(origin.origin.pendingMedia).toBe(1));
    await publish(folder, 'seg-00011.p1.m4s', part(11, 1));
    const head = await res.head;
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe('3000');
    expect(head.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await res.body).equals(part(11, 1))).toBe(true);
  });
});

describe('closing the origin', () => {
  it('answers waiting requests 503 and ends open streams', async () => {
    const closing = await startOrigin({ root });
    const folder = await newRendition();
    await publish(folder, 'seg-00001.p0.m4s', part(1, 0));
    const streaming = streamRequest(closing.port, `/${folder}/seg-00001.m4s`);
    await streaming.waitForBytes(3000);
    const waiting = rawRequest(closing.port, `/${folder}/seg-00002.m4s`);
    await vi.waitFor(() => expect(closing.origin.pendingMedia).toBe(2));
    const closed = closing.close();
    expect((await waiting).status).toBe(503);
    expect((await streaming.body).equals(part(1, 0))).toBe(true);
    await closed;
  });
});
