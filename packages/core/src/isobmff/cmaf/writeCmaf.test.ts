import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CmafSample } from '../../types/cmaf.js';
import type { Box } from '../box/Box.js';
import { findBox, findPath } from '../box/findBox.js';
import { writeBox } from '../box/writeBox.js';
import { readBoxes } from '../box/readBoxes.js';
import type { TrunBox } from '../boxes/trun.js';
import { Fmp4Demuxer } from '../demux/Fmp4Demuxer.js';
import type { Fmp4FragmentItem, Fmp4InitItem } from '../demux/Fmp4Item.js';
import { AUDIO_CODECS, FRAGMENTED, VIDEO_CODECS, ffmpegDecodeErrors, ffprobePacketCounts, makeMedia, makeTempDir } from '../testing/makeMedia.js';
import { mp4boxTracks } from '../testing/mp4boxInfo.js';
import { writeCmafFragmentHeader } from './writeCmafFragmentHeader.js';
import { writeCmafInit } from './writeCmafInit.js';

describe('writeCmafInit + writeCmafFragmentHeader', () => {
  const tmp = makeTempDir();
  let items: ReturnType<Fmp4Demuxer['push']> = [];

  beforeAll(() => {
    const file = makeMedia(path.join(tmp.dir, 'src.mp4'), [...VIDEO_CODECS.h264, ...AUDIO_CODECS.aac, ...FRAGMENTED]);
    const demuxer = new Fmp4Demuxer();
    items = demuxer.push(new Uint8Array(readFileSync(file)));
    demuxer.end();
  });
  afterAll(() => tmp.cleanup());

  /** Re-muxes one track into a single-track CMAF file with our writers. */
  function remux(kind: 'video' | 'audio'): { file: string; samples: number } {
    const init = items[0] as Fmp4InitItem;
    const { track, sampleEntry } = init.tracks.find((t) => t.track.kind === kind) as Fmp4InitItem['tracks'][number];
    const parts: Uint8Array[] = [writeCmafInit({ track: { ...track, id: 1 }, sampleEntry })];
    let sequenceNumber = 1;
    let samples = 0;
    for (const f of items) {
      if (f.type !== 'fragment' || f.trackId !== track.id) continue;
      parts.push(writeCmafFragmentHeader({ sequenceNumber: sequenceNumber++, trackId: 1, baseMediaDecodeTime: f.baseMediaDecodeTime, samples: f.samples }), f.data);
      samples += f.samples.length;
    }
    const file = path.join(tmp.dir, `${kind}.mp4`);
    writeFileSync(file, Buffer.concat(parts));
    return { file, samples };
  }

  for (const kind of ['video', 'audio'] as const) {
    it(`writes a ${kind} CMAF track that ffmpeg decodes without error, ffprobe counts fully and mp4box.js parses`, () => {
      const { file, samples } = remux(kind);
      expect(ffmpegDecodeErrors(file)).toBe('');
      expect(ffprobePacketCounts(file)).toEqual([samples]);
      const bytes = new Uint8Array(readFileSync(file));
      const [reference] = mp4boxTracks(bytes);
      const init = items[0] as Fmp4InitItem;
      expect(reference?.codec).toBe(init.tracks.find((t) => t.track.kind === kind)?.track.codec);
      expect(reference?.nb_samples).toBe(samples);
      // Our own demuxer reads back what we wrote.
      const demuxer = new Fmp4Demuxer();
      const back = demuxer.push(bytes).filter((x): x is Fmp4FragmentItem => x.type === 'fragment');
      const original = items.filter((x): x is Fmp4FragmentItem => x.type === 'fragment' && x.trackId === init.tracks.find((t) => t.track.kind === kind)?.track.id);
      expect(back.map((f) => f.samples)).toEqual(original.map((f) => f.samples));
    });
  }

  it('writes the init with the brands, timescales and empty tables of a CMAF header', () => {
    const init = items[0] as Fmp4InitItem;
    const video = init.tracks[0] as Fmp4InitItem['tracks'][number];
    const boxes = readBoxes(writeCmafInit(video));
    expect(findBox(boxes, 'ftyp')).toMatchObject({ majorBrand: 'iso6', compatibleBrands: ['iso6', 'cmfc', 'dash', 'mp41'] });
    const moov = findBox(boxes, 'moov');
    expect(findBox(moov, 'mvhd')).toMatchObject({ timescale: 1000, duration: 0 });
    expect(findPath(moov, 'trak', 'tkhd')).toMatchObject({ flags: 3, width: 320 * 65536, height: 240 * 65536 });
    expect(findPath(moov, 'trak', 'mdia', 'mdhd')).toMatchObject({ timescale: video.track.timescale, language: 'und' });
    expect(findPath(moov, 'mvex', 'trex')).toMatchObject({ trackId: video.track.id, defaultSampleDescriptionIndex: 1 });
    const stsd = findPath(moov, 'trak', 'mdia', 'minf', 'stbl', 'stsd') as { children: readonly Box[] };
    expect(Buffer.from(writeBox(stsd.children[0] as Box)).equals(Buffer.from(video.sampleEntry))).toBe(true);
  });

  it('writes a fragment header whose trun data offset points just past the mdat header, with signed offsets', () => {
    const samples: CmafSample[] = [
      { duration: 512, size: 10, compositionTimeOffset: 1024, isSync: true },
      { duration: 512, size: 20, compositionTimeOffset: -512, isSync: false },
    ];
    const header = writeCmafFragmentHeader({ sequenceNumber: 7, trackId: 2, baseMediaDecodeTime: 2 ** 40, samples });
    const withData = new Uint8Array(header.byteLength + 30);
    withData.set(header);
    const boxes = readBoxes(withData);
    const moof = findBox(boxes, 'moof');
    expect(findBox(moof, 'mfhd')?.sequenceNumber).toBe(7);
    expect(findPath(moof, 'traf', 'tfhd')).toMatchObject({ trackId: 2, flags: 0x020000 });
    expect(findPath(moof, 'traf', 'tfdt')).toMatchObject({ version: 1, baseMediaDecodeTime: 2 ** 40 });
    const trun = findPath(moof, 'traf', 'trun') as TrunBox;
    expect(trun.version).toBe(1);
    expect(trun.dataOffset).toBe(header.byteLength);
    expect([...(trun.compositionOffsets ?? [])]).toEqual([1024, -512]);
    expect([...(trun.sampleFlags ?? [])]).toEqual([0x02000000, 0x01010000]);
    expect(findBox(boxes, 'mdat')?.data.byteLength).toBe(30);
  });
});
