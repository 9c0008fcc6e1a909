import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OttError } from '../../errors/OttError.js';
import type { ElstBox } from '../boxes/elst.js';
import type { SidxBox } from '../boxes/sidx.js';
import type { TrunBox } from '../boxes/trun.js';
import type { VisualSampleEntryBox } from '../boxes/visualSampleEntry.js';
import { AUDIO_CODECS, FRAGMENTED, VIDEO_CODECS, makeMedia, makeTempDir } from '../testing/makeMedia.js';
import type { Box } from './Box.js';
import { findBox, findPath } from './findBox.js';
import { readBoxes } from './readBoxes.js';
import { writeBox, writeBoxes } from './writeBox.js';

// Eyevinn/mp4ff test data (MIT), see shared/vectors/README.md.
const CENC = path.resolve(import.meta.dirname, '../../../../../../shared/vectors/cenc');
const VECTORS = [
  'prog_8s_dec_dashinit.mp4', 'prog_8s_enc_dashinit.mp4', 'cbcs.mp4', 'cbcsdec.mp4', 'cbcs_audio.mp4', 'cbcs_audiodec.mp4',
  'init_cenc.cmfv', 'moof_enc.m4s', 'piff/audio/init.mp4', 'piff/audio/segment-1.0001.m4s', 'piff/video/complseg-1.0001.mp4',
];

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe('readBoxes / writeBoxes', () => {
  const tmp = makeTempDir();
  const generated: [string, Uint8Array][] = [];
  beforeAll(() => {
    const make = (name: string, args: string[]): void => {
      generated.push([name, new Uint8Array(readFileSync(makeMedia(path.join(tmp.dir, `${name}.mp4`), args)))]);
    };
    make('progressive h264 + aac (moov at end)', [...VIDEO_CODECS.h264, ...AUDIO_CODECS.aac]);
    make('progressive faststart', [...VIDEO_CODECS.h264, ...AUDIO_CODECS.aac, '-movflags', '+faststart']);
    make('fragmented vp9 + opus', [...VIDEO_CODECS.vp9, ...AUDIO_CODECS.opus, ...FRAGMENTED]);
  });
  afterAll(() => tmp.cleanup());

  it('round-trips ffmpeg files byte for byte', () => {
    for (const [name, bytes] of generated) expect(sameBytes(writeBoxes(readBoxes(bytes)), bytes), name).toBe(true);
  });

  it.each(VECTORS)('round-trips %s byte for byte (senc/saiz/saio/pssh/sinf kept as bytes)', (file) => {
    const bytes = new Uint8Array(readFileSync(path.join(CENC, file)));
    expect(sameBytes(writeBoxes(readBoxes(bytes)), bytes)).toBe(true);
  });

  it('reads init_cenc.cmfv with the field values of the golden dump', () => {
    const boxes = readBoxes(new Uint8Array(readFileSync(path.join(CENC, 'init_cenc.cmfv'))));
    expect(findBox(boxes, 'ftyp')).toMatchObject({ majorBrand: 'cmfc', minorVersion: 0, compatibleBrands: ['iso9', 'dash'] });
    const moov = findBox(boxes, 'moov');
    expect(findBox(moov, 'mvhd')).toMatchObject({ timescale: 90000, duration: 0 });
    expect(findPath(moov, 'trak', 'tkhd')).toMatchObject({ flags: 7, trackId: 1, width: 640 * 65536, height: 360 * 65536 });
    expect(findPath(moov, 'trak', 'mdia', 'mdhd')).toMatchObject({ timescale: 180000, language: 'und' });
    expect(findPath(moov, 'trak', 'mdia', 'hdlr')).toMatchObject({ handlerType: 'vide', name: 'Edgeware Video Media Handler' });
    expect(findPath(moov, 'trak', 'mdia', 'minf', 'dinf', 'dref', 'url ')).toMatchObject({ flags: 1 });
    const stsd = findPath(moov, 'trak', 'mdia', 'minf', 'stbl', 'stsd') as { children: readonly Box[] };
    const encv = stsd.children[0] as VisualSampleEntryBox;
    expect(encv).toMatchObject({ type: 'encv', width: 640, height: 360 });
    expect(encv.children.map((b) => b.type)).toEqual(['avcC', 'sinf']);
    expect(findPath(moov, 'mvex', 'trex')).toMatchObject({ trackId: 1, defaultSampleDescriptionIndex: 1, defaultSampleFlags: 0 });
    expect(moov?.children.filter((b) => b.type === 'pssh').map((b) => writeBox(b).byteLength)).toEqual([101, 818]);
  });

  it('reads moof_enc.m4s with the field values of the golden dump', () => {
    const boxes = readBoxes(new Uint8Array(readFileSync(path.join(CENC, 'moof_enc.m4s'))));
    expect(findBox(boxes, 'styp')).toMatchObject({ majorBrand: 'msdh', compatibleBrands: ['msdh', 'msix'] });
    const sidx = findBox(boxes, 'sidx') as SidxBox;
    expect(sidx).toMatchObject({ referenceId: 1, timescale: 24, earliestPresentationTime: 0, firstOffset: 0 });
    expect(sidx.references).toEqual([{ referenceType: 0, referencedSize: 93848, subsegmentDuration: 96, startsWithSap: true, sapType: 1, sapDeltaTime: 0 }]);
    const moof = findBox(boxes, 'moof');
    expect(findBox(moof, 'mfhd')?.sequenceNumber).toBe(1);
    expect(findPath(moof, 'traf', 'tfhd')).toMatchObject({ flags: 0x020008, trackId: 1, defaultSampleDuration: 1 });
    expect(findPath(moof, 'traf', 'tfdt')).toMatchObject({ baseMediaDecodeTime: 0 });
    const trun = findPath(moof, 'traf', 'trun') as TrunBox;
    expect(trun).toMatchObject({ flags: 0xe01, sampleCount: 96, dataOffset: 3031 });
    expect([...(trun.sizes ?? [])].slice(0, 3)).toEqual([16279, 418, 382]);
    expect([...(trun.sampleFlags ?? [])].slice(0, 2)).toEqual([0x02000000, 0x00010000]);
    expect([...(trun.compositionOffsets ?? [])].slice(0, 4)).toEqual([2, 7, 3, 0]);
  });

  it('keeps unknown boxes as { type, data } and writes them back', () => {
    const bytes = new Uint8Array([0, 0, 0, 12, 0x78, 0x79, 0x7a, 0x77, 1, 2, 3, 4]);
    const boxes = readBoxes(bytes);
    expect(boxes).toEqual([{ type: 'xyzw', data: new Uint8Array([1, 2, 3, 4]) }]);
    expect(sameBytes(writeBoxes(boxes), bytes)).toBe(true);
  });

  it('writes and reads back boxes built in code (elst, sidx, emsg, prft, co64, ctts with negative offsets)', () => {
    const boxes: Box[] = [
      { type: 'edts', children: [{ type: 'elst', version: 1, flags: 0, entries: [{ segmentDuration: 2 ** 40, mediaTime: -1, mediaRateInteger: 1, mediaRateFraction: 0 }] }] },
      { type: 'sidx', version: 1, flags: 0, referenceId: 1, timescale: 90000, earliestPresentationTime: 2 ** 35, firstOffset: 0, references: [{ referenceType: 0, referencedSize: 1234, subsegmentDuration: 180000, startsWithSap: true, sapType: 1, sapDeltaTime: 0 }] },
      { type: 'emsg', version: 1, flags: 0, schemeIdUri: 'urn:scte:scte35:2013:bin', value: '1', timescale: 90000, presentationTime: 2 ** 34, eventDuration: 0xffffffff, id: 7, messageData: new Uint8Array([0xfc, 0x30]) },
      { type: 'emsg', version: 0, flags: 0, schemeIdUri: 'urn:x', value: '', timescale: 1000, presentationTimeDelta: 5, eventDuration: 10, id: 1, messageData: new Uint8Array(0) },
      { type: 'prft', version: 1, flags: 0, referenceTrackId: 1, ntpTimestamp: 0xe8f0a1b2c3d4e5f6n, mediaTime: 2 ** 50 },
      { type: 'co64', version: 0, flags: 0, chunkOffsets: new Float64Array([8, 2 ** 40]) },
      { type: 'ctts', version: 1, flags: 0, sampleCounts: new Uint32Array([1, 2]), sampleOffsets: new Int32Array([-512, 1024]) },
      { type: 'free', data: new Uint8Array(3) },
    ];
    const bytes = writeBoxes(boxes);
    const back = readBoxes(bytes);
    expect(back).toEqual(boxes);
    expect(sameBytes(writeBoxes(back), bytes)).toBe(true);
    expect((findPath(back, 'edts', 'elst') as ElstBox).entries[0]?.mediaTime).toBe(-1);
  });

  it('rejects boxes nested deeper than the limit with ISOBMFF_INVALID_BOX', () => {
    let box: Box = { type: 'free', data: new Uint8Array(0) };
    for (let i = 0; i < 40; i++) box = { type: 'moov', children: [box] };
    const bytes = writeBox(box);
    expect(() => readBoxes(bytes)).toThrow(OttError);
    expect(() => readBoxes(bytes)).toThrow(expect.objectContaining({ code: 'ISOBMFF_INVALID_BOX' }) as Error);
  });

  it('rejects a trun whose sample count overruns the box before allocating', () => {
    // trun v1, flags duration+size, sample_count 2^32-1, then 10 bytes.
    const bytes = new Uint8Array(8 + 8 + 10);
    const v = new DataView(bytes.buffer);
    v.setUint32(0, bytes.byteLength);
    v.setUint32(4, 0x7472756e);
    v.setUint32(8, 0x01000300);
    v.setUint32(12, 0xffffffff);
    expect(() => readBoxes(bytes)).toThrow(expect.objectContaining({ code: 'ISOBMFF_INVALID_BOX' }) as Error);
  });

  it('rejects a 64-bit field above 2^53 with ISOBMFF_TOO_LARGE rather than rounding', () => {
    const bytes = writeBox({ type: 'tfdt', version: 1, flags: 0, baseMediaDecodeTime: 0 });
    new DataView(bytes.buffer).setUint32(12, 0x00400000);
    expect(() => readBoxes(bytes)).toThrow(expect.objectContaining({ code: 'ISOBMFF_TOO_LARGE' }) as Error);
  });

  it('reports a box that claims more bytes than remain as ISOBMFF_TRUNCATED', () => {
    const bytes = writeBox({ type: 'free', data: new Uint8Array(16) });
    expect(() => readBoxes(bytes.subarray(0, 20))).toThrow(expect.objectContaining({ code: 'ISOBMFF_TRUNCATED' }) as Error);
  });
});
