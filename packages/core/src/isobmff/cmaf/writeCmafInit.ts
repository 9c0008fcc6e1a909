import type { TrackInfo } from '../../types/media.js';
import type { Box } from '../box/Box.js';
import { readBoxHeader } from '../box/readBoxHeader.js';
import { writeBoxes } from '../box/writeBox.js';
import { IDENTITY_MATRIX } from '../boxes/mvhd.js';
import { mp4Language } from '../../language/languageTag.js';
import { Cursor } from '../cursor/Cursor.js';

/** Input of {@link writeCmafInit}. */
export interface CmafInitInput {
  readonly track: TrackInfo;
  /** The complete sample entry box (`avc1`, `mp4a`, …), written into `stsd` verbatim. */
  readonly sampleEntry: Uint8Array;
}

/** The sample entry bytes as an opaque box, so `stsd` carries them unchanged. */
function verbatimEntry(sampleEntry: Uint8Array): Box {
  const header = readBoxHeader(new Cursor(sampleEntry));
  return { type: header.type, data: sampleEntry.subarray(header.headerSize, header.size) };
}

/**
 * Writes a single-track CMAF header (ISO/IEC 23000-19 §7.3.2): `ftyp` (iso6; iso6, cmfc, dash, mp41) and `moov`
 * with `mvhd`, one `trak` (empty sample tables) and `mvex/trex`.
 *
 * @example
 * ```ts
 * declare const track: TrackInfo, sampleEntry: Uint8Array;
 * const init = writeCmafInit({ track, sampleEntry }); // bytes of init.mp4
 * ```
 */
export function writeCmafInit(input: CmafInitInput): Uint8Array {
  const { track } = input;
  const video = track.kind === 'video';
  const empty = { version: 0, flags: 0 };
  const boxes: Box[] = [
    { type: 'ftyp', majorBrand: 'iso6', minorVersion: 0, compatibleBrands: ['iso6', 'cmfc', 'dash', 'mp41'] },
    {
      type: 'moov',
      children: [
        {
          type: 'mvhd', version: 0, flags: 0, creationTime: 0, modificationTime: 0, timescale: 1000, duration: 0,
          rate: 0x10000, volume: 0x100, matrix: IDENTITY_MATRIX, nextTrackId: track.id + 1,
        },
        {
          type: 'trak',
          children: [
            {
              type: 'tkhd', version: 0, flags: 3, creationTime: 0, modificationTime: 0, trackId: track.id, duration: 0,
              layer: 0, alternateGroup: 0, volume: video ? 0 : 0x100, matrix: IDENTITY_MATRIX,
              width: video ? (track.width ?? 0) * 65536 : 0, height: video ? (track.height ?? 0) * 65536 : 0,
            },
            {
              type: 'mdia',
              children: [
                {
                  type: 'mdhd', version: 0, flags: 0, creationTime: 0, modificationTime: 0, timescale: track.timescale,
                  duration: 0, language: mp4Language(track.language),
                },
                { type: 'hdlr', version: 0, flags: 0, handlerType: video ? 'vide' : 'soun', name: video ? 'VideoHandler' : 'SoundHandler' },
                {
                  type: 'minf',
                  children: [
                    video
                      ? { type: 'vmhd', version: 0, flags: 1, graphicsMode: 0, opcolor: [0, 0, 0] }
                      : { type: 'smhd', version: 0, flags: 0, balance: 0 },
                    { type: 'dinf', children: [{ type: 'dref', ...empty, children: [{ type: 'url ', version: 0, flags: 1 }] }] },
                    {
                      type: 'stbl',
                      children: [
                        { type: 'stsd', ...empty, children: [verbatimEntry(input.sampleEntry)] },
                        { type: 'stts', ...empty, sampleCounts: new Uint32Array(0), sampleDeltas: new Uint32Array(0) },
                        {
                          type: 'stsc', ...empty, firstChunks: new Uint32Array(0), samplesPerChunk: new Uint32Array(0),
                          sampleDescriptionIndices: new Uint32Array(0),
                        },
                        { type: 'stsz', ...empty, sampleSize: 0, sampleCount: 0, entrySizes: new Uint32Array(0) },
                        { type: 'stco', ...empty, chunkOffsets: new Float64Array(0) },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
        {
          type: 'mvex',
          children: [
            {
              type: 'trex', ...empty, trackId: track.id, defaultSampleDescriptionIndex: 1, defaultSampleDuration: 0,
              defaultSampleSize: 0, defaultSampleFlags: 0,
            },
          ],
        },
      ],
    },
  ];
  return writeBoxes(boxes);
}
