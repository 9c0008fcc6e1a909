import { execFileSync } from 'node:child_process';
import { createDecipheriv } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateBinary } from '@ott/core';
import type { InitSegment, Manifest, PipelineItem, Segment } from '@ott/core';
import { readMp4File, segmentCmaf, writeManifests } from '@ott/packager';
import { listSamples } from './cenc/listSamples.js';
import { decryptMp4 } from './decrypt/decryptMp4.js';
import { encryptCmaf } from './encryptCmaf.js';
import type { EncryptCmafOptions } from './encryptCmaf.js';
import { sequenceIv } from './hls/encryptHlsAes128.js';
import { KeyRing, contentKeyFromHex } from './keys/ContentKey.js';
import { toHex } from './keys/hex.js';

const K1 = contentKeyFromHex('11'.repeat(16), '0123456789abcdef0123456789abcdef');
const K2 = contentKeyFromHex('22'.repeat(16), 'fedcba9876543210fedcba9876543210');
let dir: string;
let source: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ott-drm-enc-'));
  source = join(dir, 'in.mp4');
  // 4 s of 320x180 H.264 (keyframe every second) + AAC: four 1 s segments per track.
  execFileSync(locateBinary('ffmpeg'), ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '4', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-c:a', 'aac', '-b:a', '48k', '-y', source]);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(encrypt?: EncryptCmafOptions): Promise<PipelineItem[]> {
  const items = readMp4File(source, { renditionIdOf: (t) => (t.kind === 'video' ? 'video' : 'audio') }).pipe(
    segmentCmaf({ segmentDuration: 1 }),
    encrypt === undefined ? (s) => s : encryptCmaf(encrypt),
    writeManifests(),
  );
  return lastValueFrom(items.pipe(toArray()));
}

function rendition(items: readonly PipelineItem[], id: string): { init: InitSegment; segments: Segment[] } {
  const init = items.find((i): i is InitSegment => i.type === 'init-segment' && i.renditionId === id);
  if (init === undefined) throw new Error(`no init for ${id}`);
  return { init, segments: items.filter((i): i is Segment => i.type === 'media-segment' && i.renditionId === id) };
}

function concat(init: InitSegment, segments: readonly Segment[]): Uint8Array {
  return Uint8Array.from(Buffer.concat([init.data, ...segments.flatMap((s) => s.chunks)]));
}

const manifest = (items: readonly PipelineItem[], path: string): string =>
  items.find((i): i is Manifest => i.type === 'manifest-file' && i.path === path)?.data ?? '';

describe('encryptCmaf key rotation by key period', () => {
  for (const scheme of ['cenc', 'cbcs'] as const) {
    it(`encrypts each ${scheme} segment with its period's key, names it in seig, and decrypts with both keys`, async () => {
      const clear = await run();
      const items = await run({ scheme, keyPeriods: [{ key: K1, startSeconds: 0 }, { key: K2, startSeconds: 2 }], drmSystems: ['widevine', 'clearkey'] });
      for (const id of ['video', 'audio']) {
        const enc = rendition(items, id);
        const file = concat(enc.init, enc.segments);
        const samples = listSamples(file);
        const kids = new Set(samples.map((s) => toHex(s.protection?.kid ?? new Uint8Array(0))));
        expect(kids).toEqual(new Set([toHex(K1.kid), toHex(K2.kid)]));
        // Samples of segments starting at >= 2 s use K2; the init's tenc (default KID) stays K1.
        expect(enc.init.protection?.defaultKid).toBe(toHex(K1.kid));
        expect(enc.segments.map((s) => s.protection?.hlsKeys.find((k) => k.keyFormat === 'org.w3.clearkey')?.uri))
          .toEqual(enc.segments.map((s) => `data:text/plain;base64,${Buffer.from(s.startTime / s.track.timescale >= 2 - 1e-6 ? K2.kid : K1.kid).toString('base64')}`));
        const ring = new KeyRing();
        ring.add(K1.kid, K1.key);
        ring.add(K2.kid, K2.key);
        const plain = listSamples(decryptMp4(file, ring));
        const c = rendition(clear, id);
        const expected = listSamples(concat(c.init, c.segments));
        expect(plain.length).toBe(expected.length);
        plain.forEach((s, i) => expect(Buffer.from(s.data).equals(Buffer.from(expected[i]?.data ?? [])), `${id} sample ${i}`).toBe(true));
        // Only K1 is not enough: the second period's key id is missing.
        const one = new KeyRing();
        one.add(K1.kid, K1.key);
        expect(() => decryptMp4(file, one)).toThrow(/No key for key id 2222/);
      }
      const playlist = manifest(items, 'video/playlist.m3u8');
      const clearKeyTags = playlist.split('\n').filter((l) => l.startsWith('#EXT-X-KEY') && l.includes('org.w3.clearkey'));
      expect(clearKeyTags).toHaveLength(2);
      // The second key tag comes right before the first segment of the second period.
      const lines = playlist.split('\n');
      const second = lines.indexOf(clearKeyTags[1] ?? '');
      expect(lines.slice(second).find((l) => l.endsWith('.m4s'))).toBe('seg-00003.m4s');
      expect(manifest(items, 'manifest.mpd')).toContain('cenc:default_KID="11111111-1111-1111-1111-111111111111"');
    }, 60_000);
  }

  it('puts every period key id in the init pssh and the period pssh in each moof', async () => {
    const items = await run({ scheme: 'cenc', keyPeriods: [{ key: K2, startSeconds: 2 }, { key: K1, startSeconds: 0 }], drmSystems: ['clearkey'] });
    const { init, segments } = rendition(items, 'video');
    const hex = Buffer.from(init.data).toString('hex');
    expect(hex).toContain(toHex(K1.kid));
    expect(hex).toContain(toHex(K2.kid));
    const moofHex = segments.map((s) => Buffer.concat(s.chunks.slice(0, -1)).toString('hex'));
    expect(moofHex[0]).toContain(`70737368`);
    expect(moofHex[0]).not.toContain(toHex(K2.kid));
    expect(moofHex[3]).toContain(toHex(K2.kid));
  }, 60_000);

  it('refuses key periods that do not start at 0', async () => {
    await expect(run({ scheme: 'cenc', keyPeriods: [{ key: K1, startSeconds: 1 }] })).rejects.toMatchObject({ code: 'DRM_INVALID_KEY' });
  }, 60_000);
});

describe("encryptCmaf({ scheme: 'aes-128' }): HLS whole-segment encryption", () => {
  it('encrypts every segment whole with AES-128-CBC (IV = media sequence number), leaves the init clear, signals EXT-X-KEY after EXT-X-MAP and leaves DASH out with a warning', async () => {
    const clear = await run();
    const items = await run({ scheme: 'aes-128', key: K1 });
    const enc = rendition(items, 'video');
    const plain = rendition(clear, 'video');
    expect(Buffer.from(enc.init.data).equals(Buffer.from(plain.init.data))).toBe(true);
    enc.segments.forEach((s, i) => {
      const d = createDecipheriv('aes-128-cbc', K1.key, sequenceIv(s.number));
      const out = Buffer.concat([d.update(Buffer.concat(s.chunks)), d.final()]);
      expect(out.equals(Buffer.concat(plain.segments[i]?.chunks ?? [])), `segment ${s.number}`).toBe(true);
      expect(s.byteLength % 16).toBe(0);
    });
    const playlist = manifest(items, 'video/playlist.m3u8').split('\n');
    const map = playlist.findIndex((l) => l.startsWith('#EXT-X-MAP'));
    expect(playlist[map + 1]).toBe('#EXT-X-KEY:METHOD=AES-128,URI="key.bin"');
    expect(manifest(items, 'manifest.mpd')).toBe('');
    expect(items.some((i) => i.type === 'warning' && i.code === 'PACKAGE_DASH_UNSUPPORTED_PROTECTION')).toBe(true);
  }, 60_000);

  it('uses and signals an explicit IV', async () => {
    const iv = Uint8Array.from(Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex'));
    const items = await run({ scheme: 'aes-128', key: K1, iv, keyUri: 'https://keys.example/k1' });
    const [first] = rendition(items, 'audio').segments;
    const d = createDecipheriv('aes-128-cbc', K1.key, iv);
    expect(() => Buffer.concat([d.update(Buffer.concat(first?.chunks ?? [])), d.final()])).not.toThrow();
    expect(manifest(items, 'audio/playlist.m3u8')).toContain('#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example/k1",IV=0x000102030405060708090a0b0c0d0e0f');
  }, 60_000);
});
