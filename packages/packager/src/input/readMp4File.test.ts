import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backpressure, OttError } from '@ott/core';
import type { CmafFragment, CmafInit } from '@ott/core';
import { readMp4File } from './readMp4File.js';

const CENC = path.resolve(import.meta.dirname, '../../../../../shared/vectors/cenc');

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** The packets of one stream exactly as stored (ffmpeg `-c copy -f data` writes packet payloads back to back). */
function packetBytes(file: string, map: string, out: string): Buffer {
  ffmpeg(['-i', file, '-map', map, '-c', 'copy', '-f', 'data', out]);
  return readFileSync(out);
}

function packetCount(file: string, select: 'v' | 'a'): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-select_streams', select, '-count_packets', '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', file]).toString().trim());
}

async function readAll(file: string, options?: Parameters<typeof readMp4File>[1]): Promise<(CmafInit | CmafFragment)[]> {
  return lastValueFrom(readMp4File(file, options).pipe(toArray()));
}

function trackData(items: readonly (CmafInit | CmafFragment)[], kind: 'video' | 'audio'): { init: CmafInit; fragments: CmafFragment[]; bytes: Buffer } {
  const init = items.find((x): x is CmafInit => x.type === 'cmaf-init' && x.track.kind === kind) as CmafInit;
  const fragments = items.filter((x): x is CmafFragment => x.type === 'cmaf-fragment' && x.trackId === init.track.id);
  return { init, fragments, bytes: Buffer.concat(fragments.map((f) => f.data)) };
}

describe('readMp4File', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ott-readmp4-'));
  const src = (name: string): string => path.join(dir, name);
  beforeAll(() => {
    const input = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '4', '-pix_fmt', 'yuv420p'];
    const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '2', '-g', '30', '-c:a', 'aac'];
    ffmpeg([...input, ...h264, src('moov-at-end.mp4')]);
    ffmpeg([...input, ...h264, '-movflags', '+faststart', src('faststart.mp4')]);
    ffmpeg([...input, ...h264, '-movflags', 'frag_keyframe+empty_moov+default_base_moof', src('fragmented.mp4')]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const name of ['moov-at-end.mp4', 'faststart.mp4', 'fragmented.mp4']) {
    it(`yields every sample of ${name} with the original bytes, video cut per GOP`, async () => {
      const file = src(name);
      const items = await readAll(file, { blockSize: 64 * 1024 });
      const video = trackData(items, 'video');
      const audio = trackData(items, 'audio');
      expect(video.init.renditionId).toBe('video_240p');
      expect(audio.init.renditionId).toBe('audio_aac');
      expect(video.init.track.codec).toMatch(/^avc1\.[0-9a-f]{6}$/);
      expect(video.fragments.flatMap((f) => f.samples)).toHaveLength(packetCount(file, 'v'));
      expect(audio.fragments.flatMap((f) => f.samples)).toHaveLength(packetCount(file, 'a'));
      expect(video.bytes.equals(packetBytes(file, '0:v', src(`${name}.v.bin`)))).toBe(true);
      expect(audio.bytes.equals(packetBytes(file, '0:a', src(`${name}.a.bin`)))).toBe(true);
      expect(video.fragments).toHaveLength(4); // 4 s, 1 s GOPs
      for (const f of video.fragments) {
        expect(f.samples[0]?.isSync).toBe(true);
        expect(f.samples.slice(1).some((s) => s.isSync)).toBe(false);
        expect(f.data.byteLength).toBe(f.samples.reduce((n, s) => n + s.size, 0));
      }
      // First sample presented at its decode time; decode times continue across fragments.
      expect(video.fragments[0]?.samples[0]?.compositionTimeOffset).toBe(0);
      expect(video.fragments[0]?.baseMediaDecodeTime).toBe(0);
      for (let i = 1; i < video.fragments.length; i++) {
        const prev = video.fragments[i - 1] as CmafFragment;
        expect(video.fragments[i]?.baseMediaDecodeTime).toBe(prev.baseMediaDecodeTime + prev.samples.reduce((n, s) => n + s.duration, 0));
      }
      // Audio fragments of about 1 s.
      const audioSeconds = audio.fragments.map((f) => f.samples.reduce((n, s) => n + s.duration, 0) / audio.init.track.timescale);
      for (const s of audioSeconds.slice(0, -1)) expect(s).toBeGreaterThanOrEqual(1);
      for (const s of audioSeconds) expect(s).toBeLessThan(1.1);
    });
  }

  it('reads the same samples when the fragment duration and block size are odd', async () => {
    const items = await readAll(src('moov-at-end.mp4'), { fragmentDuration: 0.3, blockSize: 4099 });
    const audio = trackData(items, 'audio');
    expect(audio.bytes.equals(packetBytes(src('moov-at-end.mp4'), '0:a', src('odd.a.bin')))).toBe(true);
    expect(audio.fragments.length).toBeGreaterThan(12);
  });

  it('does not read on while the flow is paused, and resumes when it is released', async () => {
    const flow = new Backpressure({ highWaterBytes: 1, lowWaterBytes: 0 });
    const seen: (CmafInit | CmafFragment)[] = [];
    const done = new Promise<void>((resolve, reject) => {
      readMp4File(src('moov-at-end.mp4'), { flow, blockSize: 16 * 1024 }).subscribe({
        next: (item) => {
          seen.push(item);
          if (item.type === 'cmaf-fragment') {
            flow.enqueue(item.data.byteLength);
            // A sink that writes later: release on the next macrotask.
            setImmediate(() => flow.done(item.data.byteLength));
          }
        },
        error: reject,
        complete: resolve,
      });
    });
    await done;
    expect(seen.filter((x) => x.type === 'cmaf-fragment').every((f) => (f as CmafFragment).flow === flow)).toBe(true);
  });

  it('makes rendition ids unique when two tracks would share one', async () => {
    const file = src('two-audio.mp4');
    ffmpeg(['-i', src('faststart.mp4'), '-map', '0:v', '-map', '0:a', '-map', '0:a', '-c', 'copy', file]);
    const items = await readAll(file);
    expect(items.filter((x) => x.type === 'cmaf-init').map((x) => x.renditionId)).toEqual(['video_240p', 'audio_aac', 'audio_aac_3']);
  });

  it('reads the clear cenc twins (fragmented with sidx; progressive-looking audio)', async () => {
    const items = await readAll(path.join(CENC, 'prog_8s_dec_dashinit.mp4'));
    expect(items.filter((x) => x.type === 'cmaf-init').map((x) => (x as CmafInit).track.codec)).toEqual(['avc1.64001e', 'mp4a.40.2']);
    const audio = await readAll(path.join(CENC, 'cbcs_audiodec.mp4'));
    expect(audio.filter((x) => x.type === 'cmaf-fragment').length).toBeGreaterThan(0);
  });

  it('rejects a truncated progressive file with PACKAGE_INVALID_INPUT', async () => {
    const file = src('cut.mp4');
    copyFileSync(src('moov-at-end.mp4'), file);
    truncateSync(file, 50_000);
    await expect(readAll(file)).rejects.toMatchObject({ code: 'PACKAGE_INVALID_INPUT' });
  });

  it('rejects a truncated fragmented file with ISOBMFF_TRUNCATED', async () => {
    const file = src('cut-frag.mp4');
    const bytes = readFileSync(src('fragmented.mp4'));
    writeFileSync(file, bytes.subarray(0, bytes.byteLength - 1000));
    const error = await readAll(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OttError);
    expect(['ISOBMFF_TRUNCATED', 'PACKAGE_INVALID_INPUT']).toContain((error as OttError).code);
  });

  it('rejects a file without moov with PACKAGE_INVALID_INPUT that says what to do', async () => {
    const file = src('no-moov.mp4');
    writeFileSync(file, Buffer.from([0, 0, 0, 16, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 0, 0]));
    await expect(readAll(file)).rejects.toMatchObject({ code: 'PACKAGE_INVALID_INPUT', message: expect.stringContaining('no moov') as string });
  });
});
