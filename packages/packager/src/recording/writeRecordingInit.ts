import { defaultReaders, readBoxes, writeBoxes, writeCmafInit } from '@ott/core';
import type { Box, BoxReader, CmafInitInput, FourCC } from '@ott/core';

// Only the containers are parsed; every other box stays opaque, so its bytes are copied verbatim.
const READERS: Readonly<Record<FourCC, BoxReader>> = {
  moov: defaultReaders.moov as BoxReader,
  mvex: defaultReaders.mvex as BoxReader,
};

/**
 * A fragmented MP4 header with several tracks (a recording of one video and one audio rendition): `ftyp`, then a
 * `moov` holding the `trak` of each single-track CMAF header written by `writeCmafInit`, and their `trex` in one
 * `mvex`. The track ids must differ (1, 2, …); `mvhd.next_track_ID` follows the largest.
 */
export function writeRecordingInit(inputs: readonly CmafInitInput[]): Uint8Array {
  const headers = inputs.map((input) => readBoxes(writeCmafInit(input), { readers: READERS }));
  const first = headers[0];
  const ftyp = first?.find((b) => b.type === 'ftyp');
  const mvhd = childrenOf(first, 'moov').find((b) => b.type === 'mvhd');
  if (ftyp === undefined || mvhd === undefined || !('data' in mvhd)) throw new RangeError('writeRecordingInit needs at least one track');
  // next_track_ID is the last field of mvhd (ISO/IEC 14496-12 §8.2.2).
  const data = mvhd.data.slice();
  new DataView(data.buffer).setUint32(data.byteLength - 4, Math.max(...inputs.map((i) => i.track.id)) + 1);
  const moovs = headers.map((h) => childrenOf(h, 'moov'));
  const traks = moovs.flatMap((children) => children.filter((b) => b.type === 'trak'));
  const trexes = moovs.flatMap((children) => childrenOf(children, 'mvex'));
  const moov: Box = { type: 'moov', children: [{ type: 'mvhd', data }, ...traks, { type: 'mvex', children: trexes }] };
  return writeBoxes([ftyp, moov]);
}

function childrenOf(boxes: readonly Box[] | undefined, type: 'moov' | 'mvex'): readonly Box[] {
  const box = boxes?.find((b) => b.type === type);
  return box !== undefined && 'children' in box ? box.children : [];
}
