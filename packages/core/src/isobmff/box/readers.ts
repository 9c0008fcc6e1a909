import { readSenc } from '../boxes/senc.js';
import { readSaiz } from '../boxes/saiz.js';
import { readSaio } from '../boxes/saio.js';
import { readTenc } from '../boxes/tenc.js';
import { readSchm } from '../boxes/schm.js';
import { readFrma } from '../boxes/frma.js';
import { readPssh } from '../boxes/pssh.js';
import { readAudioSampleEntry } from '../boxes/audioSampleEntry.js';
import { readBtrt } from '../boxes/btrt.js';
import { readContainer } from '../boxes/container.js';
import { readCtts } from '../boxes/ctts.js';
import { readEntryList } from '../boxes/dref.js';
import { readElst } from '../boxes/elst.js';
import { readEmsg } from '../boxes/emsg.js';
import { readFtyp } from '../boxes/ftyp.js';
import { readHdlr } from '../boxes/hdlr.js';
import { readMdat } from '../boxes/mdat.js';
import { readMdhd } from '../boxes/mdhd.js';
import { readMehd } from '../boxes/mehd.js';
import { readMfhd } from '../boxes/mfhd.js';
import { readMvhd } from '../boxes/mvhd.js';
import { readPasp } from '../boxes/pasp.js';
import { readPrft } from '../boxes/prft.js';
import { readSidx } from '../boxes/sidx.js';
import { readSmhd } from '../boxes/smhd.js';
import { readChunkOffsets } from '../boxes/stco.js';
import { readStsc } from '../boxes/stsc.js';
import { readStss } from '../boxes/stss.js';
import { readStsz } from '../boxes/stsz.js';
import { readStts } from '../boxes/stts.js';
import { readTfdt } from '../boxes/tfdt.js';
import { readTfhd } from '../boxes/tfhd.js';
import { readTkhd } from '../boxes/tkhd.js';
import { readTrex } from '../boxes/trex.js';
import { readTrun } from '../boxes/trun.js';
import { readUrl } from '../boxes/url.js';
import { readVisualSampleEntry } from '../boxes/visualSampleEntry.js';
import { readVmhd } from '../boxes/vmhd.js';
import type { FourCC } from './Box.js';
import type { BoxReader } from './BoxCodec.js';

/**
 * The box readers by four-character code. Types not listed are read as opaque bytes (`{ type, data }`), so they
 * round-trip unchanged; pass your own table to {@link readBoxes} to parse fewer or more.
 */
export const defaultReaders: Readonly<Record<FourCC, BoxReader>> = {
  ftyp: readFtyp, styp: readFtyp,
  moov: readContainer, trak: readContainer, mdia: readContainer, minf: readContainer, dinf: readContainer,
  stbl: readContainer, edts: readContainer, mvex: readContainer, moof: readContainer, traf: readContainer,
  mfra: readContainer, sinf: readContainer, schi: readContainer,
  mvhd: readMvhd, tkhd: readTkhd, elst: readElst, mdhd: readMdhd, hdlr: readHdlr, vmhd: readVmhd, smhd: readSmhd,
  dref: readEntryList, stsd: readEntryList, 'url ': readUrl,
  avc1: readVisualSampleEntry, avc3: readVisualSampleEntry, hev1: readVisualSampleEntry, hvc1: readVisualSampleEntry,
  vp09: readVisualSampleEntry, av01: readVisualSampleEntry, encv: readVisualSampleEntry,
  mp4a: readAudioSampleEntry, Opus: readAudioSampleEntry, fLaC: readAudioSampleEntry, 'ac-3': readAudioSampleEntry,
  'ec-3': readAudioSampleEntry, enca: readAudioSampleEntry,
  btrt: readBtrt, pasp: readPasp,
  stts: readStts, ctts: readCtts, stss: readStss, stsc: readStsc, stsz: readStsz, stco: readChunkOffsets, co64: readChunkOffsets,
  mehd: readMehd, trex: readTrex, mfhd: readMfhd, tfhd: readTfhd, tfdt: readTfdt, trun: readTrun, mdat: readMdat,
  sidx: readSidx, emsg: readEmsg, prft: readPrft,
  senc: readSenc, saiz: readSaiz, saio: readSaio, tenc: readTenc, schm: readSchm, frma: readFrma, pssh: readPssh,
};
