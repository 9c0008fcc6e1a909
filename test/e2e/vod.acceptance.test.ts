// Acceptance of the foundation issue, as a user runs it: the BUILT `ott vod` on a generated 30 s 1080p30
// H.264/AAC source, then independent readers (m3u8-parser, mpd-parser, ffmpeg, ffprobe) and real players in
// headless Chromium (hls.js, dash.js, Shaka Player).
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser as M3u8Parser } from 'm3u8-parser';
import { parse as parseMpd } from 'mpd-parser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser/chromium.js';
import { playInBrowser } from '../browser/playInBrowser.js';
import { startStaticServer } from '../browser/staticServer.js';
import { generateTestSource } from '../support/media.js';
import { decodeWithFfmpeg } from './ffmpegCheck.js';
import { probeSegment } from './probeSegments.js';
import { runCli } from './runCli.js';

let work: string;
let out: string;
let browser: Browser;
let server: { url: string; close(): Promise<void> };
let jsonLines: Array<Record<string, unknown>>;

interface ParsedPlaylist {
  playlists?: Array<{ uri: string; attributes: Record<string, unknown> }>;
  mediaGroups?: { AUDIO?: Record<string, Record<string, { uri: string }>> };
  segments?: Array<{ uri: string; duration: number; map?: { uri: string } }>;
  version?: number;
}

function parseM3u8(text: string): ParsedPlaylist {
  const parser = new M3u8Parser();
  parser.push(text);
  parser.end();
  return parser.manifest as ParsedPlaylist;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-vod-acceptance-'));
  out = join(work, 'out');
  const source = await generateTestSource(work, { seconds: 30, width: 1920, height: 1080, fps: 30 });
  const run = await runCli(['vod', source, '-o', out, '--json', '--preset', 'ultrafast']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  jsonLines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  [browser, server] = await Promise.all([launchChromium(), startStaticServer(out)]);
}, 300_000);

afterAll(async () => {
  await Promise.allSettled([browser?.close(), server?.close()]);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('ott vod on a 30 s 1080p30 H.264/AAC source', () => {
  it('reports progress, every durable segment and the manifests as JSON lines, ending with done', () => {
    const types = new Set(jsonLines.map((l) => l.type));
    expect(types).toEqual(new Set(['progress', 'segment', 'manifest', 'done']));
    const progress = jsonLines.filter((l) => l.type === 'progress').map((l) => Number(l.percent));
    expect(Math.max(...progress)).toBeGreaterThan(90);
    expect(jsonLines.at(-1)?.type).toBe('done');
    const lastSegment = jsonLines.findLastIndex((l) => l.type === 'segment');
    const firstManifest = jsonLines.findIndex((l) => l.type === 'manifest');
    expect(lastSegment).toBeLessThan(firstManifest);
  });

  it('writes 4 video renditions + audio, an HLS master that m3u8-parser reads, and every referenced file', async () => {
    const master = parseM3u8(await readFile(join(out, 'master.m3u8'), 'utf8'));
    const variants = master.playlists ?? [];
    expect(variants).toHaveLength(4);
    const heights = variants.map((v) => (v.attributes.RESOLUTION as { height: number }).height).sort((a, b) => b - a);
    expect(heights).toEqual([1080, 720, 480, 360]);
    for (const variant of variants) {
      const resolution = variant.attributes.RESOLUTION as { width: number; height: number };
      expect(resolution.width % 2).toBe(0);
      expect(Math.abs(resolution.width / resolution.height - 16 / 9)).toBeLessThan(0.01);
      expect(String(variant.attributes.CODECS)).toMatch(/^avc1\.[0-9a-f]{6},mp4a\.40\.2$/i);
      expect(Number(variant.attributes.BANDWIDTH)).toBeGreaterThan(0);
      expect(Number(variant.attributes['AVERAGE-BANDWIDTH'])).toBeGreaterThan(0);
      expect(Number(variant.attributes['AVERAGE-BANDWIDTH'])).toBeLessThanOrEqual(Number(variant.attributes.BANDWIDTH));
      expect(Number(variant.attributes['FRAME-RATE'])).toBeCloseTo(30, 1);
    }
    const audio = Object.values(master.mediaGroups?.AUDIO ?? {}).flatMap((group) => Object.values(group));
    expect(audio).toHaveLength(1);
    const media = [...variants.map((v) => v.uri), ...audio.map((a) => a.uri)];
    let total = 0;
    for (const uri of media) {
      const dir = join(out, uri, '..');
      const playlist = parseM3u8(await readFile(join(out, uri), 'utf8'));
      expect(playlist.version).toBe(7);
      const segments = playlist.segments ?? [];
      expect(segments.length).toBeGreaterThanOrEqual(7);
      expect(existsSync(join(dir, segments[0]?.map?.uri ?? 'missing'))).toBe(true);
      for (const segment of segments) expect(existsSync(join(dir, segment.uri)), segment.uri).toBe(true);
      const duration = segments.reduce((sum, s) => sum + s.duration, 0);
      expect(duration).toBeGreaterThan(29.9);
      expect(duration).toBeLessThan(30.1);
      total += segments.length;
    }
    expect(total).toBeGreaterThan(30);
  });

  it('writes a static DASH MPD that mpd-parser reads, one AdaptationSet per content type', async () => {
    const xml = await readFile(join(out, 'manifest.mpd'), 'utf8');
    expect(xml).toContain('type="static"');
    expect(xml.match(/<AdaptationSet/g)).toHaveLength(2);
    const manifest = parseMpd(xml, { manifestUri: 'http://127.0.0.1/manifest.mpd' }) as {
      playlists: Array<{ attributes: { RESOLUTION?: { height: number }; CODECS?: string }; segments: Array<{ duration: number; resolvedUri: string }> }>;
      mediaGroups: { AUDIO: Record<string, Record<string, { playlists: Array<{ segments: Array<{ duration: number }> }> }>> };
    };
    expect(manifest.playlists).toHaveLength(4);
    for (const playlist of manifest.playlists) {
      const duration = playlist.segments.reduce((sum, s) => sum + s.duration, 0);
      expect(duration).toBeGreaterThan(29.9);
      expect(duration).toBeLessThan(30.1);
      for (const segment of playlist.segments) {
        const path = new URL(segment.resolvedUri).pathname;
        expect(existsSync(join(out, path)), path).toBe(true);
      }
    }
    const audio = Object.values(manifest.mediaGroups.AUDIO).flatMap((g) => Object.values(g));
    expect(audio).toHaveLength(1);
  });

  it.each(['master.m3u8', 'manifest.mpd'])('ffmpeg decodes %s for the full duration without errors', async (name) => {
    const result = await decodeWithFfmpeg(join(out, name), name.endsWith('.m3u8') ? ['-allowed_extensions', 'ALL'] : []);
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(Math.abs(result.decodedSeconds - 30)).toBeLessThanOrEqual(0.1);
  });

  it('starts every segment of every video rendition with a keyframe at the same presentation time', async () => {
    const renditions = (await readdir(out, { withFileTypes: true })).filter((d) => d.isDirectory() && d.name.startsWith('video')).map((d) => d.name);
    expect(renditions).toHaveLength(4);
    const segmentNames = (await readdir(join(out, renditions[0] ?? ''))).filter((n) => n.endsWith('.m4s')).sort();
    const scratch = join(work, 'scratch');
    await import('node:fs/promises').then((fs) => fs.mkdir(scratch, { recursive: true }));
    for (const segment of segmentNames) {
      const starts = await Promise.all(renditions.map((r) => probeSegment(join(out, r), segment, scratch)));
      for (const start of starts) expect(start.startsWithKeyframe, `${segment} starts with a keyframe`).toBe(true);
      const times = starts.map((s) => s.firstPts);
      expect(Math.max(...times) - Math.min(...times), `${segment} start times ${times.join(', ')}`).toBeLessThan(0.001);
    }
    for (const r of renditions) {
      expect((await readdir(join(out, r))).filter((n) => n.endsWith('.m4s')).sort()).toEqual(segmentNames);
    }
  });

  it('plays the HLS in hls.js', async () => {
    const result = await playInBrowser(browser, { player: 'hls.js', src: `${server.url}/master.m3u8` });
    expect(result.errors).toEqual([]);
    expect(result.reached).toBe(true);
    expect(result.levels).toBe(4);
  });

  it('plays the DASH in dash.js', async () => {
    const result = await playInBrowser(browser, { player: 'dash.js', src: `${server.url}/manifest.mpd` });
    expect(result.errors).toEqual([]);
    expect(result.reached).toBe(true);
    expect(result.levels).toBe(4);
  });

  it.each(['master.m3u8', 'manifest.mpd'])('plays %s in Shaka Player, and seeks', async (name) => {
    const result = await playInBrowser(browser, { player: 'shaka', src: `${server.url}/${name}`, seekTo: 20 });
    expect(result.errors).toEqual([]);
    expect(result.reached).toBe(true);
    expect(result.seek?.seeked).toBe(true);
  });
});
