import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Observable } from 'rxjs';
import { initPath, locateBinary, MEDIA_PLAYLIST, parseMediaFileName, SEGMENT_NUMBER_TEMPLATE } from '@ott/core';
import type { PipelineEvent } from '@ott/core';
import type { ContentKey } from '../keys/ContentKey.js';
import { drmError } from '../keys/drmError.js';
import { toHex } from '../keys/hex.js';
import type { DrmSystemName } from '../pssh/systemIds.js';
import { shakaStreams } from './shakaStreams.js';
import type { ShakaStream } from './shakaStreams.js';

/** Options of {@link encryptWithShakaPackager}: the `encryptCmaf` options that Shaka Packager's raw-key mode supports. */
export interface ShakaPackagerOptions {
  /** Encoded MP4 inputs (each of their video and audio tracks becomes a rendition). */
  readonly inputs: readonly string[];
  /** Output folder (the `ott package` layout: `master.m3u8`, `manifest.mpd`, `<renditionId>/init.mp4`, `seg-00001.m4s`, `playlist.m3u8`). */
  readonly output: string;
  readonly scheme: 'cenc' | 'cbcs';
  readonly key: ContentKey;
  /** 8 or 16 bytes (Shaka's `--iv`); default: Shaka's random IV. */
  readonly iv?: Uint8Array;
  /** Default `['widevine', 'playready', 'clearkey']` (ClearKey = Shaka's `CommonSystem`). */
  readonly drmSystems?: readonly DrmSystemName[];
  /** Segment duration in seconds (default 4). */
  readonly segmentDuration?: number;
  /** Default both. */
  readonly formats?: readonly ('hls' | 'dash')[];
  readonly clearLeadSeconds?: number;
  /** The packager binary; default `SHAKA_PACKAGER_PATH`, else the npm `shaka-packager` package's binary. */
  readonly binaryPath?: string;
}

const SYSTEMS: Record<DrmSystemName, string> = { widevine: 'Widevine', playready: 'PlayReady', fairplay: 'FairPlay', clearkey: 'CommonSystem' };
const BINARIES: Record<string, string> = { 'linux-x64': 'packager-linux-x64', 'linux-arm64': 'packager-linux-arm64', 'darwin-x64': 'packager-osx-x64', 'darwin-arm64': 'packager-osx-arm64', 'win32-x64': 'packager-win-x64.exe' };

/**
 * Encrypts and packages MP4 files with Shaka Packager (the npm `shaka-packager` binary) instead of `encryptCmaf`:
 * the same scheme, raw key, DRM systems, clear lead and segment duration, written in the `ott package` layout with a
 * static MPD (`--generate_static_live_mpd`). For users who want Shaka Packager's output, and as an independent oracle.
 * Emits a progress event at start and end, warnings for Shaka's `WARNING` lines, and manifest/segment events for
 * the files written; fails with `DRM_BACKEND_NOT_FOUND` or `DRM_BACKEND_FAILED` (its error lines, keys redacted).
 *
 * @example
 * ```ts
 * declare const kid: string, key: string; // 32 hex digits each
 * encryptWithShakaPackager({ inputs: ['in.mp4'], output: 'out', scheme: 'cbcs', key: contentKeyFromHex(kid, key) }).subscribe(console.log)
 * ```
 */
export function encryptWithShakaPackager(options: ShakaPackagerOptions): Observable<PipelineEvent> {
  return new Observable<PipelineEvent>((subscriber) => {
    let child: ReturnType<typeof spawn> | undefined;
    let cancelled = false;
    void (async () => {
      const binary = locateShakaPackager(options.binaryPath);
      const streams = await shakaStreams(options.inputs, locateBinary('ffprobe'));
      const total = Math.max(0, ...streams.map((s) => s.durationSeconds));
      subscriber.next({ type: 'progress', stage: 'packager', percent: 0, processedSeconds: 0, totalSeconds: total });
      await mkdir(options.output, { recursive: true });
      const args = shakaArguments(options, streams);
      const secret = [toHex(options.key.key)];
      const errors: string[] = [];
      await new Promise<void>((resolve, reject) => {
        if (cancelled) return resolve();
        child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        const onLine = (line: string): void => {
          const text = redact(line, secret).trim();
          if (text === '') return;
          if (/WARNING/.test(text)) subscriber.next({ type: 'warning', stage: 'packager', code: 'DRM_BACKEND_WARNING', message: `Shaka Packager: ${text}` });
          else if (/ERROR|Error|error/.test(text)) errors.push(text);
        };
        let rest = '';
        const onData = (chunk: Buffer): void => {
          const lines = (rest + chunk.toString()).split('\n');
          rest = lines.pop() ?? '';
          lines.forEach(onLine);
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        child.on('error', (error) => reject(drmError('DRM_BACKEND_NOT_FOUND', `Could not start Shaka Packager (${binary}): ${error.message}. Install the npm package shaka-packager or set SHAKA_PACKAGER_PATH.`)));
        child.on('close', (code, signal) => {
          onLine(rest);
          if (code === 0 || cancelled) resolve();
          else reject(drmError('DRM_BACKEND_FAILED', `Shaka Packager exited with ${code ?? signal}: ${errors.slice(-5).join(' | ') || 'no error message'}. Check the inputs and options.`, { exitCode: code }));
        });
      });
      if (cancelled) return;
      for (const event of await writtenFiles(options.output, streams, options.segmentDuration ?? 4)) subscriber.next(event);
      subscriber.next({ type: 'progress', stage: 'packager', percent: 100, processedSeconds: total, totalSeconds: total });
      subscriber.complete();
    })().catch((error: unknown) => subscriber.error(error));
    return () => {
      cancelled = true;
      child?.kill('SIGTERM');
    };
  });
}

/** Shaka Packager's command line for the options (raw key flags as in NOTES.md). Contains the key: never log it. */
export function shakaArguments(o: ShakaPackagerOptions, streams: readonly ShakaStream[]): string[] {
  const formats = new Set(o.formats ?? ['hls', 'dash']);
  const out = o.output;
  const descriptors = streams.map((s) => [
    `in=${s.input}`, `stream=${s.index}`,
    `init_segment=${join(out, initPath(s.renditionId))}`,
    `segment_template=${join(out, s.renditionId, SEGMENT_NUMBER_TEMPLATE)}`,
    `playlist_name=${s.renditionId}/${MEDIA_PLAYLIST}`,
    ...(s.kind === 'audio' ? ['hls_group_id=audio', `hls_name=${s.renditionId}`] : []),
  ].join(','));
  const systems = (o.drmSystems ?? ['widevine', 'playready', 'clearkey']).map((d) => SYSTEMS[d]);
  return [
    ...descriptors,
    '--segment_duration', String(o.segmentDuration ?? 4),
    '--generate_static_live_mpd',
    ...(formats.has('dash') ? ['--mpd_output', join(out, 'manifest.mpd')] : []),
    ...(formats.has('hls') ? ['--hls_master_playlist_output', join(out, 'master.m3u8')] : []),
    '--enable_raw_key_encryption',
    '--keys', `label=:key_id=${toHex(o.key.kid)}:key=${toHex(o.key.key)}`,
    ...(o.iv ?? o.key.iv ? ['--iv', toHex(o.iv ?? o.key.iv ?? new Uint8Array(0))] : []),
    '--protection_scheme', o.scheme,
    '--protection_systems', [...new Set(systems)].join(','),
    '--clear_lead', String(o.clearLeadSeconds ?? 0),
  ];
}

/** The Shaka Packager binary: an explicit path, `SHAKA_PACKAGER_PATH`, or the npm `shaka-packager` package's binary. */
export function locateShakaPackager(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit !== undefined) return explicit;
  if (env.SHAKA_PACKAGER_PATH) return env.SHAKA_PACKAGER_PATH;
  const name = BINARIES[`${process.platform}-${process.arch}`];
  try {
    const pkg = createRequire(join(process.cwd(), 'noop.js')).resolve('shaka-packager/package.json');
    const binary = join(dirname(pkg), 'bin', name ?? '');
    if (name !== undefined && existsSync(binary)) return binary;
  } catch {
    // not installed: fall through to the error
  }
  throw drmError('DRM_BACKEND_NOT_FOUND', `Shaka Packager was not found for ${process.platform}/${process.arch}: install the npm package shaka-packager (npm i shaka-packager) or set SHAKA_PACKAGER_PATH.`);
}

function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('<key>').split(s.toUpperCase()).join('<key>');
  return out;
}

async function writtenFiles(output: string, streams: readonly ShakaStream[], segmentDuration: number): Promise<PipelineEvent[]> {
  const events: PipelineEvent[] = [];
  for (const s of streams) {
    const dir = join(output, s.renditionId);
    const files = (await readdir(dir)).filter((f) => parseMediaFileName(f)?.kind === 'segment').sort();
    const durations = await playlistDurations(join(dir, MEDIA_PLAYLIST));
    for (const [i, f] of files.entries()) {
      events.push({
        type: 'segment', renditionId: s.renditionId, number: i + 1, path: `${s.renditionId}/${f}`,
        durationSeconds: durations.get(f) ?? segmentDuration, bytes: (await stat(join(dir, f))).size,
      });
    }
    if (existsSync(join(dir, 'playlist.m3u8'))) events.push({ type: 'manifest', format: 'hls', role: 'media', path: `${s.renditionId}/playlist.m3u8` });
  }
  if (existsSync(join(output, 'master.m3u8'))) events.push({ type: 'manifest', format: 'hls', role: 'master', path: 'master.m3u8' });
  if (existsSync(join(output, 'manifest.mpd'))) events.push({ type: 'manifest', format: 'dash', role: 'master', path: 'manifest.mpd' });
  return events;
}

async function playlistDurations(file: string): Promise<Map<string, number>> {
  const map = new Map<string, number>();
  if (!existsSync(file)) return map;
  let duration: number | undefined;
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice(8));
    else if (!line.startsWith('#') && line.trim() !== '' && duration !== undefined) {
      map.set(line.trim().split('/').pop() ?? '', duration);
      duration = undefined;
    }
  }
  return map;
}
