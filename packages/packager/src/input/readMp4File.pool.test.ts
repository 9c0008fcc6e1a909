import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastValueFrom, toArray } from 'rxjs';
import { Backpressure, BufferPool } from '@ott/core';
import { segmentCmaf } from '../segmentCmaf.js';
import { toFolder } from '../toFolder.js';
import { writeManifests } from '../writeManifests.js';
import { readMp4File } from './readMp4File.js';

let work: string;
let source: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ott-pool-'));
  source = join(work, 'in.mp4');
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=8',
    '-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=48000:duration=8', '-c:v', 'libx264', '-preset', 'ultrafast',
    '-g', '25', '-keyint_min', '25', '-sc_threshold', '0', '-c:a', 'aac', '-b:a', '64k', source,
  ]);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every file under `dir` with its bytes, by relative path. */
function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(relative(dir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name)));
  }
  return files;
}

async function packageTo(out: string, pool?: BufferPool): Promise<void> {
  // Audio fragments of 0.7 s in 1 s segments: many fragments are split between two segments, so a pooled buffer
  // comes back in pieces written by different files. Small reads and a small back-pressure window make the reader
  // wait for the sink, as on a long input, so written buffers are taken again.
  const flow = new Backpressure({ highWaterBytes: 48 * 1024 });
  const options = { fragmentDuration: 0.7, blockSize: 64 * 1024, flow, ...(pool ? { pool } : {}) };
  await lastValueFrom(
    readMp4File(source, options).pipe(
      segmentCmaf({ segmentDuration: 1 }),
      writeManifests({ formats: ['hls', 'dash'] }),
      toFolder(out, pool ? { pool } : {}),
      toArray(),
    ),
  );
}

describe('readMp4File + toFolder with a BufferPool', () => {
  it('writes the same bytes as fresh buffers do, while reusing the written fragments\' memory', async () => {
    const plain = join(work, 'plain');
    const pooled = join(work, 'pooled');
    const pool = new BufferPool();
    await packageTo(plain);
    await packageTo(pooled, pool);
    const expected = filesOf(plain);
    const actual = filesOf(pooled);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, bytes] of expected) expect(actual.get(path)?.equals(bytes), path).toBe(true);
    expect(expected.size).toBeGreaterThan(10);
    expect(pool.stats.reused).toBeGreaterThan(0);
  });
});
