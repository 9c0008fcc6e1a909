import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WarningCode } from '@ott/core';
import { resolveS3Options } from '../S3SinkOptions.js';
import { Spool } from '../spool/Spool.js';
import { bytesOf, fakePart, fakeSegment } from '../testing/fakeItems.js';
import { sinkOpOf } from './sinkOpOf.js';
import type { PartOffsets } from './sinkOpOf.js';
import { SpoolWriter } from './SpoolWriter.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('SpoolWriter', () => {
  it("lets a segment whose upload failed late in over a full spool of its own parts, cutting them from it", async () => {
    dir = await mkdtemp(join(tmpdir(), 'ott-spool-writer-'));
    const options = resolveS3Options({ bucket: 'b', spool: { dir, maxBytes: 1200, overflow: 'drop-oldest-parts' } });
    const spool = await Spool.open(dir, { bucket: 'b', prefix: '' });
    const warnings: WarningCode[] = [];
    let changes = 0;
    const writer = new SpoolWriter(spool, options, { running: () => true, warn: (code) => warnings.push(code), fail: (error) => { throw error; }, changed: () => (changes += 1) });
    const offsets: PartOffsets = new Map();
    const parts1 = [0, 1].map((i) => fakePart(1, i, bytesOf(10 + i, 300)));
    const parts2 = [0, 1].map((i) => fakePart(2, i, bytesOf(20 + i, 300)));
    const ops = [...parts1, fakeSegment(1, parts1.flatMap((p) => p.chunks)), ...parts2].map((item, i) => sinkOpOf(item, i + 1, '', offsets));
    const [p10, p11, s1, p20, p21] = ops as [typeof ops[0], typeof ops[0], typeof ops[0], typeof ops[0], typeof ops[0]];
    // The parts of both segments reach the spool first (1 200 bytes: full); segment 1 failed late and comes after.
    for (const op of [p10, p11, p20, p21]) writer.add(op);
    await writer.settled();
    expect(spool.bytes).toBe(1200);
    writer.add(s1);
    await writer.settled();
    await writer.settled();
    expect(writer.busy).toBe(false);
    expect(spool.size).toBe(5);
    expect(spool.bytes).toBeLessThanOrEqual(1200);
    expect(warnings).not.toContain('S3_SPOOL_FULL');
    expect(changes).toBeGreaterThan(0);
  });

  it('lets the parts of a segment waiting in memory in over a spool full of parts whose segments it has not got', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ott-spool-writer-'));
    const options = resolveS3Options({ bucket: 'b', spool: { dir, maxBytes: 1200, overflow: 'drop-oldest-parts' } });
    const spool = await Spool.open(dir, { bucket: 'b', prefix: '' });
    const warnings: WarningCode[] = [];
    const writer = new SpoolWriter(spool, options, { running: () => true, warn: (code) => warnings.push(code), fail: (error) => { throw error; }, changed: () => undefined });
    const offsets: PartOffsets = new Map();
    // Segments 1 and 2 are still uploading (in flight when S3 went down): only their parts are spooled, 1 200 bytes.
    const early = [1, 2].flatMap((n) => [0, 1].map((i) => fakePart(n, i, bytesOf(n * 10 + i, 300))));
    const parts3 = [0, 1].map((i) => fakePart(3, i, bytesOf(30 + i, 300)));
    const ops = [...early, ...parts3, fakeSegment(3, parts3.flatMap((p) => p.chunks))].map((item, i) => sinkOpOf(item, i + 1, '', offsets));
    for (const op of ops.slice(0, 4)) writer.add(op);
    await writer.settled();
    expect(spool.bytes).toBe(1200);
    for (const op of ops.slice(4)) writer.add(op);
    await writer.settled();
    await writer.settled();
    await writer.settled();
    expect(writer.busy).toBe(false);
    expect(spool.size).toBe(7);
    // Over the limit by the parts of segments 1 and 2 only (cut from them once they are spooled); segment 3's are cut.
    expect(spool.bytes).toBe(1800);
  });
});
