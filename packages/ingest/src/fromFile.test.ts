import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromFile } from './fromFile.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ott-fromfile-'));
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25', '-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', join(dir, 'in.mp4')]);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('fromFile', () => {
  it('emits one SourceInfo and completes', async () => {
    const items = await firstValueFrom(fromFile(join(dir, 'in.mp4')).pipe(toArray()));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ type: 'source', video: { width: 160, height: 90, frameRate: 25 } });
  });

  it('reports probe errors through the observable', async () => {
    const source = fromFile(join(dir, 'nope.mp4'));
    await expect(firstValueFrom(source)).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND' });
  });
});
