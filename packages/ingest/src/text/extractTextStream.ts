import { spawn } from 'node:child_process';
import { OttError, concatBytes, locateBinary } from '@ott/core';
import type { SourceInfo, SourceTextStream } from '@ott/core';

/** Options of {@link extractTextStream}. */
export interface ExtractTextOptions {
  /** ffmpeg binary (default `FFMPEG_PATH`, else `ffmpeg` on `PATH`). */
  readonly ffmpegPath?: string;
  /** Longest the extraction may take (default 60 000 ms). */
  readonly timeoutMs?: number;
  /** Largest WebVTT output accepted (default 16 MiB, the subtitle parser's limit). */
  readonly maxBytes?: number;
}

/**
 * A text subtitle stream of the source (SubRip, mov_text, WebVTT or ASS, see `SourceInfo.textStreams`) as WebVTT bytes,
 * converted by ffmpeg (`-map 0:<index> -c:s webvtt`), for `parseSubtitles` of `@ott/packager`. Fails with
 * `FFMPEG_FAILED` (ffmpeg's last words) or `SUBTITLE_INVALID` past `maxBytes`; killed after `timeoutMs`.
 *
 * @example
 * ```ts
 * const source = await probe('film.mkv');
 * const german = source.textStreams?.find((s) => s.language === 'de');
 * if (german) console.log(new TextDecoder().decode(await extractTextStream(source, german)).slice(0, 80));
 * ```
 */
export function extractTextStream(source: SourceInfo, stream: SourceTextStream, options: ExtractTextOptions = {}): Promise<Uint8Array> {
  const ffmpeg = options.ffmpegPath ?? locateBinary('ffmpeg');
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const args = ['-v', 'error', '-nostdin', '-i', source.url, '-map', `0:${stream.index}`, '-c:s', 'webvtt', '-f', 'webvtt', 'pipe:1'];
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let stderr = '';
    let failure: OttError | undefined;
    const timer = setTimeout(() => {
      failure = new OttError('FFMPEG_FAILED', `Extracting subtitle stream ${stream.index} of "${source.url}" took longer than ${options.timeoutMs ?? 60_000} ms.`, { stage: 'ingest' });
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) {
        failure ??= new OttError('SUBTITLE_INVALID', `Subtitle stream ${stream.index} of "${source.url}" is more than ${maxBytes} bytes of WebVTT.`, { stage: 'ingest' });
        child.kill('SIGKILL');
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new OttError('FFMPEG_FAILED', `Could not start ffmpeg (${ffmpeg}): ${error.message}.`, { stage: 'ingest', cause: error }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failure) reject(failure);
      else if (code !== 0) reject(new OttError('FFMPEG_FAILED', `ffmpeg could not convert subtitle stream ${stream.index} (${stream.codec}) of "${source.url}" to WebVTT: ${stderr.trim() || `exit ${code}`}`, { stage: 'ingest' }));
      else resolve(concatBytes(chunks)); // one copy of a subtitle file (kilobytes), read once
    });
  });
}
