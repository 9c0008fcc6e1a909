// Every audio language (issue 16, audio part): a Matroska source with English (default), French and English audio
// description, made here with ffmpeg, through the BUILT `ott vod`. The manifests signal language, name, default and
// role (HLS EXT-X-MEDIA, DASH Role/Accessibility/Label), the init segments carry the language, and hls.js, dash.js,
// Shaka Player and @ott/player in headless Chromium list the three tracks and keep playing after a switch to French.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser/chromium.js';
import { PLAYER_PAGES } from '../browser/playerPage.js';
import type { PlayerName } from '../browser/playerPage.js';
import { ottVod } from '../browser/playerFixtures.js';
import { startStaticServer } from '../browser/staticServer.js';
import type { StaticServer } from '../browser/staticServer.js';
import { runCli } from './runCli.js';

const run = promisify(execFile);
let work: string;
let browser: Browser;
let server: StaticServer;
const requested: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-languages-'));
  const source = join(work, 'film.mkv');
  const tone = (hz: number): string[] => ['-f', 'lavfi', '-i', `sine=frequency=${hz}:sample_rate=48000`];
  // German subtitles inside the Matroska file (a SubRip stream), beside the audio.
  await writeFile(join(work, 'inside.de.srt'), '1\n00:00:02,000 --> 00:00:03,000\nHallo\n');
  await run('ffmpeg', [
    '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', ...tone(440), ...tone(660), ...tone(880), '-i', join(work, 'inside.de.srt'), '-t', '6',
    '-map', '0', '-map', '1', '-map', '2', '-map', '3', '-map', '4', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-c:a', 'aac',
    '-c:s', 'srt', '-metadata:s:s:0', 'language=ger', '-metadata:s:s:0', 'title=Deutsch',
    '-metadata:s:a:0', 'language=eng', '-metadata:s:a:0', 'title=English', '-metadata:s:a:1', 'language=fre', '-metadata:s:a:1', 'title=Français',
    '-metadata:s:a:2', 'language=eng', '-metadata:s:a:2', 'title=English (audio description)',
    '-disposition:a:0', 'default', '-disposition:a:1', '0', '-disposition:a:2', 'visual_impaired', source,
  ]);
  // Sidecar subtitles: SubRip in English, WebVTT in French (cue times in the middle of segments and across a boundary).
  await writeFile(join(work, 'subs.en.srt'), '1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,500 --> 00:00:04,500\nAcross the boundary\n');
  await writeFile(join(work, 'subs.fr.vtt'), 'WEBVTT\n\n00:00.500 --> 00:01.800\nBonjour\n\n00:04.200 --> 00:05.000\nAu revoir\n');
  const subtitles = ['--subtitles', `en=${join(work, 'subs.en.srt')},fr=${join(work, 'subs.fr.vtt')}`];
  [browser] = await Promise.all([launchChromium(), ottVod(source, join(work, 'vod'), '180p@300k,audio@64k', 2, subtitles)]);
  server = await startStaticServer(work, { onRequest: (req) => requested.push(req.url ?? '') });
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([browser?.close(), server?.close()]);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('sidecar subtitles', () => {
  it('become WebVTT segments on the media grid for HLS and one WebVTT file per language for DASH, with the source\'s own', async () => {
    const master = await readFile(join(work, 'vod', 'master.m3u8'), 'utf8');
    expect(master.split('\n').filter((l) => l.includes('TYPE=SUBTITLES'))).toEqual([
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="en",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=NO,URI="text_en/playlist.m3u8"',
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="fr",LANGUAGE="fr",DEFAULT=NO,AUTOSELECT=NO,URI="text_fr/playlist.m3u8"',
      // The SubRip stream inside the source, with its language and title.
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="Deutsch",LANGUAGE="de",DEFAULT=NO,AUTOSELECT=NO,URI="text_de/playlist.m3u8"',
    ]);
    // ffmpeg converts the stream on the same timeline as the media it transcodes (within a frame of the SRT's 2 s).
    const german = /00:00:(\d\d\.\d{3}) --> 00:00:(\d\d\.\d{3})\nHallo/.exec(await readFile(join(work, 'vod', 'text_de', 'subtitles.vtt'), 'utf8'));
    expect(Math.abs(Number(german?.[1]) - 2)).toBeLessThan(0.05);
    for (const variant of master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF'))) expect(variant).toContain('SUBTITLES="subs"');
    // One WebVTT segment per video segment, with the same durations.
    const durations = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('#EXTINF'));
    const playlist = await readFile(join(work, 'vod', 'text_en', 'playlist.m3u8'), 'utf8');
    const video = await readFile(join(work, 'vod', 'video_180p', 'playlist.m3u8'), 'utf8');
    expect(durations(playlist)).toEqual(durations(video));
    expect(playlist.split('\n').filter((l) => l.endsWith('.vtt')).slice(0, 3)).toEqual(['seg-00001.vtt', 'seg-00002.vtt', 'seg-00003.vtt']);
    // 2 s segments: a cue is in every segment it overlaps (1–2.5 s in the first two, 3.5–4.5 s in the second and third).
    const second = await readFile(join(work, 'vod', 'text_en', 'seg-00002.vtt'), 'utf8');
    expect(second).toBe('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n\n00:00:01.000 --> 00:00:02.500\nHello there\n\n00:00:03.500 --> 00:00:04.500\nAcross the boundary\n');
    expect(await readFile(join(work, 'vod', 'text_en', 'seg-00003.vtt'), 'utf8')).toContain('Across the boundary');
    const mpd = await readFile(join(work, 'vod', 'manifest.mpd'), 'utf8');
    expect(mpd).toMatch(/<AdaptationSet id="\d+" contentType="text" mimeType="text\/vtt" lang="fr">/);
    expect(mpd).toContain('<BaseURL>text_en/subtitles.vtt</BaseURL>');
  });
});

describe('@ott/player language preferences', () => {
  it('starts in the preferred audio and subtitle languages and reports them with tracksChanged', async () => {
    const page = await browser.newPage();
    try {
      const mark = requested.length;
      const options = JSON.stringify({ preferredAudioLanguage: 'fre', preferredTextLanguage: 'de' });
      await page.goto(`${server.url}/_players/${PLAYER_PAGES.ott}?src=${encodeURIComponent(`${server.url}/vod/master.m3u8`)}&ott=${encodeURIComponent(options)}`);
      const cue = await page.waitForFunction(
        () => {
          for (const track of Array.from(document.querySelector('video')!.textTracks)) {
            if (track.mode === 'showing' && Array.from(track.cues ?? []).some((c) => (c as VTTCue).text === 'Hallo')) return track.language;
          }
          return undefined;
        },
        undefined,
        { timeout: 20_000, polling: 200 },
      );
      expect(await cue.jsonValue()).toBe('de');
      const events = (await page.evaluate('window.__ottEvents')) as { type: string; payload: Record<string, unknown> }[];
      expect(events.find((e) => e.type === 'tracksChanged')?.payload).toMatchObject({ audioLanguage: 'fr', textLanguage: 'de' });
      // French from the first audio segment on: no other language was fetched.
      const audio = requested.slice(mark).filter((url) => /\/vod\/audio_aac_\w+\/seg-/.test(url));
      expect(audio.length).toBeGreaterThan(0);
      expect(audio.every((url) => url.includes('/audio_aac_fr/'))).toBe(true);
    } finally {
      await page.close();
    }
  }, 40_000);
});

describe('every audio language of the source', () => {
  it('signals language, name, default and role in HLS and DASH, and tags each init segment', async () => {
    const master = await readFile(join(work, 'vod', 'master.m3u8'), 'utf8');
    const media = master.split('\n').filter((l) => l.startsWith('#EXT-X-MEDIA:TYPE=AUDIO'));
    expect(media).toEqual([
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="1",URI="audio_aac_en/playlist.m3u8"',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Français",LANGUAGE="fr",DEFAULT=NO,AUTOSELECT=YES,CHANNELS="1",URI="audio_aac_fr/playlist.m3u8"',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="English (audio description)",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,' +
        'CHARACTERISTICS="public.accessibility.describes-video",CHANNELS="1",URI="audio_aac_en_ad/playlist.m3u8"',
    ]);
    const mpd = await readFile(join(work, 'vod', 'manifest.mpd'), 'utf8');
    const audioSets = [...mpd.matchAll(/<AdaptationSet[^>]*contentType="audio"[^>]*>([\s\S]*?)<\/AdaptationSet>/g)].map(([whole, body = '']) => [
      /lang="([^"]+)"/.exec(whole)?.[1],
      [...body.matchAll(/<Role schemeIdUri="urn:mpeg:dash:role:2011" value="([^"]+)"/g)].map((m) => m[1]),
      [...body.matchAll(/<Accessibility schemeIdUri="([^"]+)" value="([^"]+)"/g)].map((m) => `${m[1]}=${m[2]}`),
      /<Label>([^<]*)<\/Label>/.exec(body)?.[1],
    ]);
    expect(audioSets).toEqual([
      ['en', ['main'], [], 'English'],
      ['fr', ['alternate'], [], 'Français'],
      ['en', ['description'], ['urn:tva:metadata:cs:AudioPurposeCS:2007=1'], 'English (audio description)'],
    ]);
    for (const [id, language] of [['audio_aac_en', 'eng'], ['audio_aac_fr', 'fra'], ['audio_aac_en_ad', 'eng']]) {
      const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream_tags=language', '-of', 'csv=p=0', join(work, 'vod', id as string, 'init.mp4')]);
      expect(stdout.trim(), id).toBe(language);
    }
  });

  it('--audio keeps the languages asked for, and names the ones there are when one is missing', async () => {
    const source = join(work, 'film.mkv');
    const only = await runCli(['vod', source, '-o', join(work, 'fr'), '--ladder', '180p@300k,audio@64k', '--preset', 'ultrafast', '--audio', 'fr']);
    expect(only.code, only.stderr).toBe(0);
    const master = await readFile(join(work, 'fr', 'master.m3u8'), 'utf8');
    expect(master.split('\n').filter((l) => l.startsWith('#EXT-X-MEDIA:TYPE=AUDIO'))).toEqual([expect.stringContaining('LANGUAGE="fr"')]);
    const missing = await runCli(['vod', source, '-o', join(work, 'de'), '--audio', 'de']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/INVALID_LADDER.*"de".*en, fr/s);
  }, 60_000);

  const LIST: Record<PlayerName, string> = {
    'hls.js': 'window.__ottPlayer.audioTracks.map((t) => ({ language: t.lang, name: t.name }))',
    'dash.js': "window.__ottPlayer.getTracksFor('audio').map((t) => ({ language: t.lang, name: (t.labels[0] || {}).text, role: (t.roles[0] || {}).value ?? t.roles[0] }))",
    shaka: `[...new Map(window.__ottPlayer.getVariantTracks().map((t) => [t.audioId, { language: t.language, name: t.label, role: (t.audioRoles || [])[0] }])).values()]`,
    ott: 'window.__ottPlayer.getAudioTracks().map((t) => ({ language: t.language, name: t.name }))',
  };
  const TEXT_LANGUAGES: Record<PlayerName, string> = {
    'hls.js': 'window.__ottPlayer.subtitleTracks.map((t) => t.lang)',
    'dash.js': "window.__ottPlayer.getTracksFor('text').map((t) => t.lang)",
    shaka: 'window.__ottPlayer.getTextTracks().map((t) => t.language)',
    ott: 'window.__ottPlayer.getTextTracks().map((t) => t.language)',
  };
  const SHOW_ENGLISH_TEXT: Record<PlayerName, string> = {
    'hls.js': "(window.__ottPlayer.subtitleDisplay = true, window.__ottPlayer.subtitleTrack = window.__ottPlayer.subtitleTracks.findIndex((t) => t.lang === 'en'))",
    'dash.js': "(window.__ottPlayer.enableText(true), window.__ottPlayer.setTextTrack(window.__ottPlayer.getTracksFor('text').findIndex((t) => t.lang === 'en')))",
    shaka: "window.__ottPlayer.selectTextTrack(window.__ottPlayer.getTextTracks().find((t) => t.language === 'en'))",
    ott: "window.__ottPlayer.setTextTrack(window.__ottPlayer.getTextTracks().findIndex((t) => t.language === 'en'))",
  };
  const SWITCH_TO_FRENCH: Record<PlayerName, string> = {
    'hls.js': 'window.__ottPlayer.audioTrack = window.__ottPlayer.audioTracks.findIndex((t) => t.lang === "fr")',
    'dash.js': "window.__ottPlayer.setCurrentTrack(window.__ottPlayer.getTracksFor('audio').find((t) => t.lang === 'fr'))",
    shaka: "window.__ottPlayer.selectAudioTrack(window.__ottPlayer.getAudioTracks().find((t) => t.language === 'fr'))",
    ott: "window.__ottPlayer.setAudioTrack(window.__ottPlayer.getAudioTracks().findIndex((t) => t.language === 'fr'))",
  };
  for (const [player, manifest] of [['hls.js', 'master.m3u8'], ['dash.js', 'manifest.mpd'], ['shaka', 'manifest.mpd'], ['ott', 'master.m3u8'], ['ott', 'manifest.mpd']] as const) {
    it(`${player} lists the three audio tracks of ${manifest} and plays on after a switch to French`, async () => {
      const page = await browser.newPage();
      try {
        await page.goto(`${server.url}/_players/${PLAYER_PAGES[player]}?src=${encodeURIComponent(`${server.url}/vod/${manifest}`)}`);
        const played = (t: number) => page.waitForFunction((s) => document.querySelector('video')!.currentTime > s || (window as unknown as { __ott: { fatal: boolean } }).__ott.fatal, t, { timeout: 20_000 });
        await played(1);
        const tracks = (await page.evaluate(LIST[player])) as { language: string; name?: string; role?: string }[];
        expect(tracks.map((t) => t.language).sort()).toEqual(['en', 'en', 'fr']);
        expect(tracks.map((t) => t.name).sort()).toEqual(['English', 'English (audio description)', 'Français']);
        if (player === 'shaka' || player === 'dash.js') expect(tracks.map((t) => t.role).sort()).toEqual(['alternate', 'description', 'main']);
        expect(((await page.evaluate(TEXT_LANGUAGES[player])) as string[]).sort()).toEqual(['de', 'en', 'fr']);
        await page.evaluate(SHOW_ENGLISH_TEXT[player]);
        // The English cue at 1.0–2.5 s of the SRT file, at its time (within 0.1 s) on the media timeline.
        const cue = await page.waitForFunction(
          () => {
            for (const track of Array.from(document.querySelector('video')!.textTracks)) {
              const found = (Array.from(track.cues ?? []) as VTTCue[]).find((c) => c.text.includes('Hello there'));
              if (found) return [found.startTime, found.endTime];
            }
            return undefined;
          },
          undefined,
          { timeout: 10_000, polling: 200 },
        );
        const [start, end] = (await cue.jsonValue()) as [number, number];
        expect(Math.abs(start - 1)).toBeLessThan(0.1);
        expect(Math.abs(end - 2.5)).toBeLessThan(0.1);
        const mark = requested.length;
        const at = (await page.evaluate(`(${SWITCH_TO_FRENCH[player]}, document.querySelector('video').currentTime)`)) as number;
        await played(at + 1.5);
        // French is what loads now: its segments are fetched after the switch.
        expect(requested.slice(mark).some((url) => /\/vod\/audio_aac_fr\/seg-\d+\.m4s/.test(url))).toBe(true);
        const state = (await page.evaluate('({ errors: window.__ott.errors, t: document.querySelector("video").currentTime })')) as { errors: string[]; t: number };
        expect(state.errors).toEqual([]);
        expect(state.t).toBeGreaterThan(at + 1.5);
      } finally {
        await page.close();
      }
    }, 40_000);
  }
});
