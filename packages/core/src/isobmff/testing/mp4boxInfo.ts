// Test-only: what mp4box.js (another parser) sees in a file, to cross-check ours.
import { createFile } from 'mp4box';

/** Track info as mp4box.js reports it. */
export interface Mp4boxTrack {
  readonly id: number;
  readonly codec: string;
  readonly nb_samples: number;
}

/** Parses a whole file with mp4box.js and returns its tracks (throws when it reports an error). */
export function mp4boxTracks(bytes: Uint8Array): Mp4boxTrack[] {
  const file = createFile();
  let tracks: Mp4boxTrack[] | undefined;
  let error: unknown;
  file.onReady = (info: { tracks: Mp4boxTrack[] }) => {
    tracks = info.tracks;
  };
  file.onError = (e: unknown) => {
    error = e;
  };
  const buffer = bytes.slice().buffer as ArrayBuffer & { fileStart: number };
  buffer.fileStart = 0;
  file.appendBuffer(buffer as never);
  file.flush();
  if (error !== undefined) throw new Error(`mp4box: ${String(error)}`);
  if (tracks === undefined) throw new Error('mp4box did not find a movie');
  return tracks;
}
