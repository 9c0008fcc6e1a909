import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isOttError } from '@ott/core';
import { Spool } from './Spool.js';
import type { SpoolPut } from './SpoolEntry.js';

const destination = { bucket: 'b', prefix: 'p' };
const put = (seq: number, path: string, extra: Partial<SpoolPut> = {}): SpoolPut => ({
  op: 'put',
  seq,
  key: `p/${path}`,
  path,
  kind: path.endsWith('.m3u8') ? 'manifest' : 'segment',
  size: 3,
  order: seq,
  ...extra,
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ott-spool-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Spool', () => {
  it('survives a restart: the journal replays pending entries in order, ignoring a torn last line and orphan files', async () => {
    const first = await Spool.open(dir, destination);
    await first.add(put(1, 'v/s1.m4s'), [new Uint8Array([1, 2, 3])]);
    await first.add(put(2, 'v/s2.m4s'), [new Uint8Array([4, 5, 6])]);
    await first.add(put(3, 'v/pl.m3u8'), [new Uint8Array([7, 8, 9])]);
    await first.complete([put(1, 'v/s1.m4s')]);
    await appendFile(join(dir, 'journal.ndjson'), '{"op":"put","seq":4,"key":"p/v/s3.m');
    await writeFile(join(dir, 'objects', '000000000004.bin'), 'orphan');
    const second = await Spool.open(dir, destination);
    expect(second.sorted().map((e) => e.path)).toEqual(['v/s2.m4s', 'v/pl.m3u8']);
    expect(second.lastSeq).toBe(3);
    expect(second.bytes).toBe(6);
    expect((await readdir(join(dir, 'objects'))).sort()).toEqual(['000000000002.bin', '000000000003.bin']);
    const body = second.bodyOf(second.sorted()[0] as SpoolPut);
    expect(body.type === 'file' && [...(await readFile(body.file))]).toEqual([4, 5, 6]);
  });

  it('replaces an unlocked older manifest version, keeping its place, but never one a drain has locked', async () => {
    const spool = await Spool.open(dir, destination);
    await spool.add(put(1, 'v/pl.m3u8'), [new Uint8Array(3)]);
    await spool.add(put(2, 'v/pl.m3u8'), [new Uint8Array(3)]);
    expect(spool.sorted().map((e) => `${e.seq}:${e.op === 'put' ? e.order : ''}`)).toEqual(['2:1']);
    spool.snapshot();
    await spool.add(put(3, 'v/pl.m3u8'), [new Uint8Array(3)]);
    expect(spool.sorted().map((e) => e.seq)).toEqual([2, 3]);
  });

  it('drops an operation that arrives after a later one on its key (an upload that failed late), writing no file', async () => {
    const spool = await Spool.open(dir, destination);
    await spool.add({ op: 'del', seq: 5, key: 'p/v/part-1.m4s', path: 'v/part-1.m4s' }, []);
    await spool.add(put(3, 'v/part-1.m4s'), [new Uint8Array(3)]);
    await spool.add(put(7, 'v/pl.m3u8'), [new Uint8Array(3)]);
    await spool.add(put(6, 'v/pl.m3u8'), [new Uint8Array(3)]);
    expect(spool.sorted().map((e) => `${e.op}:${e.seq}`)).toEqual(['del:5', 'put:7']);
    expect(spool.bytes).toBe(3);
    expect(await readdir(join(dir, 'objects'))).toEqual(['000000000007.bin']);
    const reopened = await Spool.open(dir, destination);
    expect(reopened.sorted().map((e) => `${e.op}:${e.seq}`)).toEqual(['del:5', 'put:7']);
  });

  it('refuses a folder that holds the spool of another bucket or prefix', async () => {
    await Spool.open(dir, destination);
    const error: unknown = await Spool.open(dir, { bucket: 'b', prefix: 'other' }).catch((e: unknown) => e);
    expect(isOttError(error) && error.code).toBe('S3_SPOOL_FAILED');
    expect((error as Error).message).toContain('s3://b/p');
  });

  it('empties the journal once nothing is pending', async () => {
    const spool = await Spool.open(dir, destination);
    await spool.add(put(1, 'v/s1.m4s'), [new Uint8Array(3)]);
    await spool.complete(spool.snapshot());
    spool.unlock();
    await spool.compact();
    expect((await readdir(dir)).sort()).toEqual(['objects', 'spool.json']);
  });
});
