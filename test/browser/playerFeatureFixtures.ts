import { createCipheriv } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runFfmpeg } from '../support/media.js';
import { ottVod } from './playerFixtures.js';

// Streams for test/browser/player.features.test.ts, made by real tools (the built `ott vod`, ffmpeg) and, where no tool
// writes the layout, stitched from their output the way an operator would (two VODs as two DASH Periods, a WebVTT
// rendition added to an fMP4 master playlist).

/** AES-128 key of the `aes*` fixtures (16 bytes hex) and its key id (only named on the CLI). */
export const AES_KEY = '00112233445566778899aabbccddeeff';
const AES_KID = '0123456789abcdef0123456789abcdef';
/** IV of the encrypted init segments of `aes-init` (EXT-X-KEY before EXT-X-MAP needs one, RFC 8216bis §4.4.4.5). */
const INIT_IV = '000102030405060708090a0b0c0d0e0f';

/** Subtitle cues written into every subtitle fixture: [start s, end s, text]. */
export const CUES: readonly (readonly [number, number, string])[] = [
  [0.5, 2.5, 'Hello from cue one'],
  [3, 5, 'Second cue here'],
  [5.2, 5.8, 'Third cue'],
];

const srtTime = (s: number): string => {
  const ms = Math.round(s * 1000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)},${pad(ms % 1000, 3)}`;
};

async function writeSrt(file: string): Promise<void> {
  await writeFile(file, CUES.map(([start, end, text], i) => `${i + 1}\n${srtTime(start)} --> ${srtTime(end)}\n${text}\n`).join('\n'));
}

async function renditionDirs(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name));
}

/**
 * `ott vod --encrypt aes-128` (HLS only; key.bin beside each media playlist, IV = media sequence number) in
 * `out/aes`, plus three damaged copies: `aes-wrong-key` (every key.bin replaced), `aes-no-key` (key.bin deleted) and
 * `aes-init` (init segments encrypted too, signalled by an EXT-X-KEY with an IV before EXT-X-MAP).
 */
export async function aes128Streams(source: string, out: string): Promise<void> {
  const aes = path.join(out, 'aes');
  await ottVod(source, aes, '180p@200k,audio@64k', 2, ['--encrypt', 'aes-128', '--key-id', AES_KID, '--key', AES_KEY]);
  const copy = async (name: string, change: (dir: string) => Promise<void>): Promise<void> => {
    const to = path.join(out, name);
    await cp(aes, to, { recursive: true });
    for (const dir of await renditionDirs(to)) await change(dir);
  };
  await copy('aes-wrong-key', (dir) => writeFile(path.join(dir, 'key.bin'), Buffer.from('ffeeddccbbaa99887766554433221100', 'hex')));
  await copy('aes-no-key', (dir) => rm(path.join(dir, 'key.bin')));
  await copy('aes-init', async (dir) => {
    const init = path.join(dir, 'init.mp4');
    const cipher = createCipheriv('aes-128-cbc', Buffer.from(AES_KEY, 'hex'), Buffer.from(INIT_IV, 'hex'));
    await writeFile(init, Buffer.concat([cipher.update(await readFile(init)), cipher.final()]));
    const playlist = path.join(dir, 'playlist.m3u8');
    const text = await readFile(playlist, 'utf8');
    // The key with the IV applies to the map; the original tag after it keeps applying to the segments.
    await writeFile(playlist, text.replace('#EXT-X-MAP:', `#EXT-X-KEY:METHOD=AES-128,URI="key.bin",IV=0x${INIT_IV}\n#EXT-X-MAP:`));
  });
}

/** One `<Period>` of an `ott vod` MPD, re-identified, placed at `start` and either under a `<BaseURL>` or with its templates prefixed. */
async function periodOf(dir: string, id: string, start: number, duration: number, baseUrl: boolean): Promise<string> {
  const text = await readFile(path.join(dir, 'manifest.mpd'), 'utf8');
  const match = /<Period[^>]*>([\s\S]*)<\/Period>/.exec(text);
  if (!match?.[1]) throw new Error(`Expected a <Period> in ${dir}/manifest.mpd`);
  const name = path.basename(dir);
  const body = baseUrl ? `\n    <BaseURL>${name}/</BaseURL>${match[1]}` : match[1].replace(/(initialization|media)="/g, `$1="${name}/`);
  return `  <Period id="${id}" start="PT${start}S" duration="PT${duration}S">${body}</Period>\n`;
}

/**
 * Two `ott vod` runs (`out/p1`, `seconds[0]` long, and `out/p2`) stitched into static two-Period MPDs:
 * `periods-baseurl.mpd` (each Period under its own `<BaseURL>`, as ad insertion does) and `periods-shared.mpd`
 * (one base URL, templates prefixed with the folder). Both periods' media start at time 0.
 */
export async function twoPeriodDash(sources: readonly [string, string], seconds: readonly [number, number], out: string): Promise<void> {
  await Promise.all(sources.map((source, i) => ottVod(source, path.join(out, `p${i + 1}`), '180p@200k,audio@64k', 2)));
  for (const baseUrl of [true, false]) {
    const periods = [
      await periodOf(path.join(out, 'p1'), 'one', 0, seconds[0], baseUrl),
      await periodOf(path.join(out, 'p2'), 'two', seconds[0], seconds[1], baseUrl),
    ];
    await writeFile(path.join(out, baseUrl ? 'periods-baseurl.mpd' : 'periods-shared.mpd'), `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="static" mediaPresentationDuration="PT${seconds[0] + seconds[1]}S" minBufferTime="PT2S">
${periods.join('')}</MPD>
`);
  }
}

/**
 * ffmpeg fMP4 HLS in `out/tracks` with two audio renditions (English 440 Hz from `source`, French 660 Hz) and a
 * WebVTT subtitle rendition: ffmpeg writes subtitles only next to MPEG-TS video, so its subtitle playlist and `.vtt`
 * segments come from a second run and their EXT-X-MEDIA line is added to the fMP4 master playlist.
 */
export async function tracksHls(source: string, seconds: number, out: string): Promise<void> {
  const dir = path.join(out, 'tracks');
  const subs = path.join(out, 'tracks-subs');
  await Promise.all([mkdir(dir, { recursive: true }), mkdir(subs, { recursive: true })]);
  const french = path.join(out, 'french.m4a');
  const srt = path.join(out, 'subs.srt');
  await Promise.all([
    runFfmpeg(['-f', 'lavfi', '-i', 'sine=frequency=660:sample_rate=48000', '-t', String(seconds), '-c:a', 'aac', '-b:a', '64k', '-ac', '2', french]),
    writeSrt(srt),
  ]);
  await Promise.all([
    runFfmpeg(['-i', source, '-i', french, '-map', '0:v', '-map', '0:a', '-map', '1:a', '-c', 'copy', '-f', 'hls', '-hls_time', '2',
      '-hls_segment_type', 'fmp4', '-hls_playlist_type', 'vod',
      '-var_stream_map', 'v:0,agroup:aud a:0,agroup:aud,language:en,name:English,default:yes a:1,agroup:aud,language:fr,name:French',
      '-master_pl_name', 'master.m3u8', '-hls_segment_filename', path.join(dir, 's%v_%03d.m4s'), '-hls_fmp4_init_filename', 'init_%v.mp4',
      path.join(dir, 'p%v.m3u8')]),
    runFfmpeg(['-i', source, '-i', srt, '-map', '0:v', '-map', '1:s', '-c:v', 'copy', '-c:s', 'webvtt', '-f', 'hls', '-hls_time', '2',
      '-hls_playlist_type', 'vod', '-var_stream_map', 'v:0,s:0,sgroup:subs', '-master_pl_name', 'master.m3u8', path.join(subs, 'p%v.m3u8')]),
  ]);
  const subsMaster = await readFile(path.join(subs, 'master.m3u8'), 'utf8');
  const media = /^#EXT-X-MEDIA:TYPE=SUBTITLES.*$/m.exec(subsMaster)?.[0];
  if (!media) throw new Error(`Expected an EXT-X-MEDIA TYPE=SUBTITLES line in ffmpeg's ${subs}/master.m3u8:\n${subsMaster}`);
  const master = await readFile(path.join(dir, 'master.m3u8'), 'utf8');
  await writeFile(path.join(dir, 'master.m3u8'), master
    .replace('#EXT-X-STREAM-INF:', `${media.replace('URI="', 'LANGUAGE="en",URI="../tracks-subs/')}\n#EXT-X-STREAM-INF:`)
    .replace(/^(#EXT-X-STREAM-INF:.*)$/m, '$1,SUBTITLES="subs"'));
}

/**
 * `<vod>/text.mpd`: the `ott vod` MPD in `vod` with a DASH text AdaptationSet (one WebVTT file, `subs.vtt`, converted
 * from SubRip by ffmpeg).
 */
export async function dashWithText(vod: string, out: string): Promise<void> {
  const srt = path.join(out, 'dash-subs.srt');
  await writeSrt(srt);
  await runFfmpeg(['-i', srt, path.join(vod, 'subs.vtt')]);
  const mpd = await readFile(path.join(vod, 'manifest.mpd'), 'utf8');
  const text = `    <AdaptationSet id="9" contentType="text" mimeType="text/vtt" lang="de">
      <Representation id="subs-de" bandwidth="256"><BaseURL>subs.vtt</BaseURL></Representation>
    </AdaptationSet>
  </Period>`;
  await writeFile(path.join(vod, 'text.mpd'), mpd.replace('</Period>', text));
}
