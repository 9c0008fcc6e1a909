// One definition of RFC 6381 codec strings: for real encoder output of each codec, @ott/core (what the packager writes
// into manifests), @ott/player (what it asks MSE for) and mp4box.js (an independent parser) agree. The player used to
// write VP9's level in hex (vp09.00.15.08, which Chromium refuses) and a fixed AV1 string.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecStringOfEntry, readBoxes } from '@ott/core';
import type { Box } from '@ott/core';
import { mp4boxTracks } from '../../packages/core/src/isobmff/testing/mp4boxInfo.js';
import { readInit } from '../../packages/player/src/mp4/readInit.js';
import { runFfmpeg } from '../support/media.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-codec-strings-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const VIDEO_IN = ['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-t', '0.4', '-pix_fmt', 'yuv420p'];
const AUDIO_IN = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '0.4'];
const cases: { name: string; args: string[]; expected: RegExp }[] = [
  { name: 'H.264', args: [...VIDEO_IN, '-c:v', 'libx264', '-profile:v', 'high'], expected: /^avc1\.64[0-9a-f]{4}$/ },
  { name: 'HEVC', args: [...VIDEO_IN, '-c:v', 'libx265', '-tag:v', 'hvc1', '-x265-params', 'log-level=error'], expected: /^hvc1\.1\.6\.L\d+\.[0-9A-F]+(\.[0-9A-F]+)*$/ },
  { name: 'VP9', args: [...VIDEO_IN, '-c:v', 'libvpx-vp9', '-b:v', '200k', '-deadline', 'realtime', '-cpu-used', '8'], expected: /^vp09\.00\.\d{2}\.08$/ },
  { name: 'VP9 10-bit', args: [...VIDEO_IN.slice(0, -2), '-pix_fmt', 'yuv420p10le', '-c:v', 'libvpx-vp9', '-b:v', '200k', '-deadline', 'realtime', '-cpu-used', '8'], expected: /^vp09\.02\.\d{2}\.10$/ },
  { name: 'AV1', args: [...VIDEO_IN, '-c:v', 'libsvtav1', '-preset', '12'], expected: /^av01\.0\.\d{2}M\.08$/ },
  { name: 'AAC-LC', args: [...AUDIO_IN, '-c:a', 'aac', '-b:a', '64k'], expected: /^mp4a\.40\.2$/ },
  { name: 'HE-AAC', args: [...AUDIO_IN, '-c:a', 'aac', '-profile:a', 'aac_he', '-b:a', '48k'], expected: /^mp4a\.40\.(2|5)$/ },
  { name: 'Opus', args: [...AUDIO_IN, '-c:a', 'libopus', '-b:a', '64k'], expected: /^opus$/ },
];

/** The first sample entry of the first track: the first child of the first `stsd`, found by walking the tree. */
function sampleEntry(init: Uint8Array): Box {
  const walk = (boxes: readonly Box[]): Box | undefined => {
    for (const box of boxes) {
      if (!('children' in box)) continue;
      const children = box.children as readonly Box[];
      if (box.type === 'stsd') return children[0];
      const found = walk(children);
      if (found) return found;
    }
    return undefined;
  };
  const entry = walk(readBoxes(init));
  if (!entry) throw new Error('no sample entry');
  return entry;
}

describe('codec strings: @ott/core, @ott/player and mp4box.js agree on real encoder output', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const file = join(work, `${c.name.replace(/\W+/g, '-')}.mp4`);
      await runFfmpeg([...c.args, '-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4', file]);
      const bytes = Uint8Array.from(await readFile(file));
      const core = codecStringOfEntry(sampleEntry(bytes));
      const player = readInit(bytes).tracks[0]?.codec;
      const [oracle] = mp4boxTracks(bytes);
      expect(core).toMatch(c.expected);
      expect(player, 'player').toBe(core);
      expect(oracle?.codec.toLowerCase(), 'mp4box.js').toBe(core.toLowerCase());
    });
  }
});
