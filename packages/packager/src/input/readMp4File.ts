import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { Observable } from 'rxjs';
import { Backpressure, OttError, checkInputFile, isOttError, readMp4Movie } from '@ott/core';
import type { BufferPool, CmafFragment, CmafInit, TrackInfo } from '@ott/core';
import { readFragmentedMp4 } from './readFragmentedMp4.js';
import type { Mp4ReadContext } from './readFragmentedMp4.js';
import { progressiveTracksOf } from './progressiveTracksOf.js';
import type { ProgressiveTrack } from './progressiveTracksOf.js';
import { readProgressiveMp4 } from './readProgressiveMp4.js';
import { scanTopLevelBoxes } from './scanTopLevelBoxes.js';

/** Options of {@link readMp4File}. */
export interface ReadMp4FileOptions {
  /** Target duration of audio fragments in seconds (video is cut per GOP). Default 1. */
  readonly fragmentDuration?: number;
  /** Rendition id of a track; default `video_<height>p` / `audio_<codec>`, made unique with the track id. */
  readonly renditionIdOf?: (track: TrackInfo) => string;
  /**
   * Flow control: no new read starts while `flow.paused`; it is attached to every fragment so a sink can pause the
   * reader. Default: a new {@link Backpressure} with an 8 MiB high-water mark, so memory stays bounded whatever the
   * file length when the sink is slower than the disk read.
   */
  readonly flow?: Backpressure;
  /** Most bytes one read covers (default 1 MiB; two reads are in flight). */
  readonly blockSize?: number;
  /**
   * Take the sample data buffers of progressive files from this pool (give it to the sink too, e.g.
   * `toFolder(dir, { pool })`, which hands them back once written). Without it every fragment gets a fresh buffer.
   */
  readonly pool?: BufferPool;
}

/** Largest moov read into memory (sample tables of a many-hour file fit well below this). */
const MAX_MOOV_BYTES = 512 * 1024 * 1024;

/**
 * Reads an MP4 file (progressive with the moov at either end, or fragmented) as CMAF: one {@link CmafInit} per video
 * and audio track, then {@link CmafFragment}s — one per GOP for video, about `fragmentDuration` seconds for audio —
 * with composition offsets normalised so the first sample's presentation time equals its decode time. Sample bytes
 * are read incrementally (progressive files: vectored reads straight into the fragment buffers); memory does not grow
 * with the file length.
 *
 * @example
 * ```ts
 * readMp4File('in.mp4').pipe(segmentCmaf({ segmentDuration: 4 }), writeManifests({ formats: ['hls'] }), toFolder('out'))
 * ```
 */
export function readMp4File(path: string, options: ReadMp4FileOptions = {}): Observable<CmafInit | CmafFragment> {
  return new Observable<CmafInit | CmafFragment>((subscriber) => {
    let closed = false;
    const teardown: (() => void)[] = [];
    const ctx: Mp4ReadContext = {
      path,
      blockSize: options.blockSize ?? 1024 * 1024,
      fragmentDuration: options.fragmentDuration ?? 1,
      renditionIdOf: options.renditionIdOf,
      pool: options.pool,
      flow: options.flow ?? new Backpressure({ highWaterBytes: 8 * 1024 * 1024 }),
      emit: (item) => {
        if (!closed) subscriber.next(item);
      },
      isClosed: () => closed,
      onClose: (action) => teardown.push(action),
    };
    run(ctx).then(
      () => subscriber.complete(),
      (error: unknown) => subscriber.error(toOttError(error, path)),
    );
    return () => {
      closed = true;
      for (const action of teardown.splice(0)) action();
    };
  });
}

async function run(ctx: Mp4ReadContext): Promise<void> {
  // Before open(): opening a FIFO blocks until a writer comes; a device or a folder is refused with a typed error.
  await checkInputFile(ctx.path, 'packager');
  const file = await open(ctx.path, 'r');
  try {
    const { size } = await file.stat();
    const tracks = await progressiveTracksIn(file, size, ctx);
    if (tracks === 'fragmented') {
      await file.close();
      await readFragmentedMp4(ctx);
      return;
    }
    await readProgressiveMp4(file, tracks, ctx);
  } finally {
    await file.close().catch(() => undefined);
  }
}

/**
 * The tracks of a progressive file, or `'fragmented'`. A function of its own so the moov bytes and the parsed movie
 * are garbage once it returns: only the columns the reader needs stay alive during the read.
 */
async function progressiveTracksIn(file: FileHandle, size: number, ctx: Mp4ReadContext): Promise<ProgressiveTrack[] | 'fragmented'> {
  const boxes = await scanTopLevelBoxes(file, size, ctx.path);
  const moov = boxes.find((b) => b.type === 'moov');
  if (moov === undefined) {
    throw new OttError('PACKAGE_INVALID_INPUT', `${ctx.path}: no moov box (movie header) found; the file is not an MP4, or its recording was interrupted before the header was written. Remux it with ffmpeg -c copy or re-encode it.`, { stage: 'packager' });
  }
  if (moov.size > MAX_MOOV_BYTES) {
    throw new OttError('PACKAGE_INVALID_INPUT', `${ctx.path}: the moov box is ${moov.size} bytes, above the ${MAX_MOOV_BYTES} supported; remux the input with ffmpeg -movflags frag_keyframe.`, { stage: 'packager' });
  }
  const moovBytes = Buffer.allocUnsafe(moov.size);
  await file.read(moovBytes, 0, moov.size, moov.offset);
  const movie = readMp4Movie(new Uint8Array(moovBytes.buffer, moovBytes.byteOffset, moov.size), { fileBytes: size });
  if (movie.tracks.length === 0) {
    throw new OttError('PACKAGE_INVALID_INPUT', `${ctx.path}: no video or audio track found.`, { stage: 'packager' });
  }
  if (movie.fragmented || boxes.some((b) => b.type === 'moof')) return 'fragmented';
  return progressiveTracksOf(movie, size, ctx.fragmentDuration, ctx.renditionIdOf, ctx.path);
}

function toOttError(error: unknown, path: string): unknown {
  if (isOttError(error)) return error;
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    return new OttError('PACKAGE_INVALID_INPUT', `${path}: cannot open the input (${code}); check the path and permissions.`, { stage: 'packager', cause: error });
  }
  return new OttError('PACKAGE_FAILED', `${path}: reading the MP4 failed: ${String(error)}`, { stage: 'packager', cause: error });
}
