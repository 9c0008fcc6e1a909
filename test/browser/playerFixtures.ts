import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFfmpeg } from '../support/media.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The npm `shaka-packager` binary (see NOTES.md). */
export const SHAKA_PACKAGER = path.join(ROOT, 'node_modules/shaka-packager/bin/packager-linux-x64');
/** ClearKey test pair used for every encrypted fixture. */
export const TEST_KID = 'abba271e8bcf552bbd2e86a434a9a5d9';
export const TEST_KEY = '69eaa802a6763af979e8d1940fb88392';

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-3000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args.join(' ')} exited ${code}:\n${stderr}`))));
  });
}

/**
 * `ott vod` through the BUILT CLI (packages/cli/dist/bin.js), the way a user makes content: HLS master.m3u8 +
 * DASH manifest.mpd in `out`; `extraArgs` are appended (e.g. `--encrypt aes-128 --key-id … --key …`).
 */
export async function ottVod(source: string, out: string, ladder = '360p@600k,180p@200k,audio@64k', segmentDuration = 4, extraArgs: readonly string[] = []): Promise<void> {
  const bin = path.join(ROOT, 'packages/cli/dist/bin.js');
  if (!existsSync(bin)) throw new Error(`Expected the built CLI at ${bin}; run npm run build first.`);
  await run(process.execPath, [bin, 'vod', source, '-o', out, '--preset', 'ultrafast', '--ladder', ladder, '--segment-duration', String(segmentDuration), ...extraArgs]);
}

/** ffmpeg's own fMP4 HLS (a lone media playlist, muxed audio+video) and DASH (one AdaptationSet per stream). */
export async function ffmpegStreams(source: string, out: string): Promise<void> {
  await Promise.all([mkdir(path.join(out, 'ff-hls'), { recursive: true }), mkdir(path.join(out, 'ff-dash'), { recursive: true }), mkdir(path.join(out, 'ff-ts'), { recursive: true })]);
  await Promise.all([
    runFfmpeg(['-i', source, '-c', 'copy', '-f', 'hls', '-hls_time', '4', '-hls_segment_type', 'fmp4', '-hls_playlist_type', 'vod', path.join(out, 'ff-hls', 'index.m3u8')]),
    runFfmpeg(['-i', source, '-c', 'copy', '-f', 'dash', '-seg_duration', '4', path.join(out, 'ff-dash', 'manifest.mpd')]),
    runFfmpeg(['-i', source, '-c', 'copy', '-f', 'hls', '-hls_time', '4', '-hls_playlist_type', 'vod', path.join(out, 'ff-ts', 'index.m3u8')]),
  ]);
}

/**
 * Shaka Packager output in `out/<name>`: HLS (master.m3u8) and DASH (manifest.mpd) with segment templates, clear or
 * ClearKey-encrypted (`cenc`/`cbcs`, raw key {@link TEST_KID}/{@link TEST_KEY}); `ondemand` writes SegmentBase + sidx.
 */
export async function shakaStreams(source: string, out: string, name: string, scheme?: 'cenc' | 'cbcs', ondemand = false): Promise<void> {
  const dir = path.join(out, name);
  await mkdir(dir, { recursive: true });
  const streams = ondemand
    ? [`in=${source},stream=video,output=${dir}/v.mp4`, `in=${source},stream=audio,output=${dir}/a.mp4`]
    : ['video', 'audio'].map((s) => `in=${source},stream=${s},init_segment=${dir}/${s}/init.mp4,segment_template=${dir}/${s}/$Number$.m4s`);
  const encryption = scheme
    ? ['--enable_raw_key_encryption', '--keys', `label=:key_id=${TEST_KID}:key=${TEST_KEY}`, '--protection_scheme', scheme,
      '--protection_systems', 'CommonSystem,Widevine,PlayReady', '--clear_lead', '0']
    : [];
  await run(SHAKA_PACKAGER, [
    ...streams, '--segment_duration', '2', ...(ondemand ? [] : ['--generate_static_live_mpd', '--hls_master_playlist_output', `${dir}/master.m3u8`]),
    ...encryption, '--mpd_output', `${dir}/manifest.mpd`,
  ]);
}
