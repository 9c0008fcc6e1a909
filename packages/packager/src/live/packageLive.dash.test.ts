import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Subject, toArray, lastValueFrom } from 'rxjs';
import type { Manifest, PipelineItem } from '@ott/core';
import { WALL_CLOCK, fakeLiveStream, replayFolder, runPackager, versionsOf } from './liveFixtures.test-helper.js';
import { packageLive } from './packageLive.js';

interface TimelineEntry {
  readonly id: string;
  readonly startNumber: number;
  readonly timescale: number;
  readonly ato: number;
  /** [t, d] of every segment. */
  readonly segments: readonly (readonly [number, number])[];
}

/** Expands the SegmentTimeline of every Representation (one Period). */
function timelines(mpd: string): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const rep of mpd.matchAll(/<Representation id="([^"]+)"[\s\S]*?<\/Representation>/g)) {
    const body = rep[0];
    const template = /<SegmentTemplate ([^>]+)>/.exec(body)?.[1] ?? '';
    const attr = (name: string): number => Number(new RegExp(`${name}="([^"]+)"`).exec(template)?.[1] ?? NaN);
    const segments: [number, number][] = [];
    let t = 0;
    for (const s of body.matchAll(/<S( t="(\d+)")? d="(\d+)"( r="(\d+)")?\/>/g)) {
      if (s[2] !== undefined) t = Number(s[2]);
      for (let i = 0; i <= Number(s[5] ?? 0); i++) {
        segments.push([t, Number(s[3])]);
        t += Number(s[3]);
      }
    }
    out.push({ id: rep[1] as string, startNumber: attr('startNumber'), timescale: attr('timescale'), ato: attr('availabilityTimeOffset') || 0, segments });
  }
  return out;
}

const attribute = (mpd: string, name: string): string | undefined => new RegExp(` ${name}="([^"]+)"`).exec(mpd)?.[1];

/**
 * Feeds the items one by one with a wall clock that follows the media, 300 ms behind (encoding delay); returns the
 * output and when (on that clock) the first part of each segment was written.
 */
async function runWithClock(items: readonly PipelineItem[]): Promise<{ out: PipelineItem[]; firstPartAt: Map<string, number> }> {
  let now = WALL_CLOCK;
  const firstPartAt = new Map<string, number>();
  const source = new Subject<PipelineItem>();
  const output = source.pipe(packageLive({ clock: () => now }));
  const done = lastValueFrom(output.pipe(toArray()));
  output.subscribe((item) => {
    if (item.type === 'media-part' && item.index === 0) firstPartAt.set(`${item.renditionId}/${item.segmentNumber}`, now);
  });
  for (const item of items) {
    if (item.type === 'cmaf-fragment') {
      const seconds = item.samples.reduce((sum, s) => sum + s.duration, item.baseMediaDecodeTime) / (item.renditionId.startsWith('audio') ? 48000 : 15360);
      now = Math.max(now, WALL_CLOCK + seconds * 1000 + 300);
    }
    source.next(item);
  }
  source.complete();
  return { out: await done, firstPartAt };
}

describe('packageLive dynamic MPD', () => {
  it('writes the live and low-latency MPD attributes players use', async () => {
    const items = await runPackager(fakeLiveStream({ sessions: [{ seconds: 12 }] }), { utcTimingUrl: 'https://time.example/now', targetLatency: 2.5 });
    const mpd = versionsOf(items, 'manifest.mpd').at(-2) ?? '';
    expect(attribute(mpd, 'type')).toBe('dynamic');
    expect(Date.parse(attribute(mpd, 'availabilityStartTime') ?? '')).not.toBeNaN();
    expect(attribute(mpd, 'publishTime')).toBe(new Date(WALL_CLOCK + 3_600_000).toISOString());
    expect(attribute(mpd, 'minimumUpdatePeriod')).toBe('PT2S');
    expect(attribute(mpd, 'timeShiftBufferDepth')).toBe('PT60S');
    expect(attribute(mpd, 'suggestedPresentationDelay')).toBe('PT2.5S');
    expect(attribute(mpd, 'minBufferTime')).toBe('PT1S');
    expect(mpd).toContain('<Latency target="2500"');
    expect(mpd).toContain('<UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-xsdate:2014" value="https://time.example/now"/>');
    expect(mpd.match(/availabilityTimeOffset="1.5" availabilityTimeComplete="false"/g)).toHaveLength(2);
    expect(mpd).toContain('media="$RepresentationID$/seg-$Number%05d$.m4s"');
    const defaults = versionsOf(await runPackager(fakeLiveStream({ sessions: [{ seconds: 4 }] })), 'manifest.mpd')[0] ?? '';
    expect(defaults).toContain('value="/.ott/time"');
  });

  it('lists stored segments plus, with low latency, the one in progress once its first part is stored', async () => {
    const items = await runPackager(fakeLiveStream({ video: ['video_720p', 'video_360p'], sessions: [{ seconds: 14 }] }));
    let checked = 0;
    replayFolder(items, ({ files, manifest }) => {
      if (manifest.format !== 'dash' || manifest.data.includes('type="static"')) return;
      for (const rep of timelines(manifest.data)) {
        rep.segments.forEach((_, i) => {
          const number = String(rep.startNumber + i).padStart(5, '0');
          const last = i === rep.segments.length - 1;
          const stored = files.has(`${rep.id}/seg-${number}.m4s`);
          if (!last) expect(stored, `${rep.id} ${number}`).toBe(true);
          else expect(stored || files.has(`${rep.id}/seg-${number}.p0.m4s`), `${rep.id} ${number}`).toBe(true);
        });
      }
      checked++;
    });
    expect(checked).toBeGreaterThan(5);
  });

  it('never announces a segment as available before its first part exists', async () => {
    const { out, firstPartAt } = await runWithClock(fakeLiveStream({ sessions: [{ seconds: 12 }] }));
    const mpds = out.filter((i): i is Manifest => i.type === 'manifest-file' && i.format === 'dash' && i.data.includes('dynamic'));
    expect(mpds.length).toBeGreaterThan(5);
    for (const { data } of mpds) {
      const ast = Date.parse(attribute(data, 'availabilityStartTime') ?? '');
      for (const rep of timelines(data)) {
        rep.segments.forEach(([t, d], i) => {
          const availableAt = ast + ((t + d) / rep.timescale - rep.ato) * 1000;
          const written = firstPartAt.get(`${rep.id}/${rep.startNumber + i}`) ?? NaN;
          expect(availableAt).toBeGreaterThanOrEqual(written - 1);
        });
      }
    }
  });

  it('can be read by mpd-parser as a live presentation', async () => {
    const items = await runPackager(fakeLiveStream({ sessions: [{ seconds: 10 }] }));
    const mpd = versionsOf(items, 'manifest.mpd').at(-2) ?? '';
    const require = createRequire(import.meta.url);
    const { parse } = require('mpd-parser') as { parse: (text: string, o: object) => { playlists: { segments: unknown[] }[]; endList?: boolean } };
    const parsed = parse(mpd, { manifestUri: 'https://cdn.example/live/manifest.mpd', NOW: WALL_CLOCK + 3_600_000, clientOffset: 0 });
    expect(parsed.playlists[0]?.segments.length).toBeGreaterThan(3);
  });
});
