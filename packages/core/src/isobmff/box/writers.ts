import { writeSenc } from '../boxes/senc.js';
import { writeSaiz } from '../boxes/saiz.js';
import { writeSaio } from '../boxes/saio.js';
import { writeTenc } from '../boxes/tenc.js';
import { writeSchm } from '../boxes/schm.js';
import { writeFrma } from '../boxes/frma.js';
import { writePssh } from '../boxes/pssh.js';
import { writeAudioSampleEntry } from '../boxes/audioSampleEntry.js';
import { writeBtrt } from '../boxes/btrt.js';
import { writeContainer } from '../boxes/container.js';
import { writeCtts } from '../boxes/ctts.js';
import { writeEntryList } from '../boxes/dref.js';
import { writeElst } from '../boxes/elst.js';
import { writeEmsg } from '../boxes/emsg.js';
import { writeFtyp } from '../boxes/ftyp.js';
import { writeHdlr } from '../boxes/hdlr.js';
import { writeMdat } from '../boxes/mdat.js';
import { writeMdhd } from '../boxes/mdhd.js';
import { writeMehd } from '../boxes/mehd.js';
import { writeMfhd } from '../boxes/mfhd.js';
import { writeMvhd } from '../boxes/mvhd.js';
import { writePasp } from '../boxes/pasp.js';
import { writePrft } from '../boxes/prft.js';
import { writeSidx } from '../boxes/sidx.js';
import { writeSmhd } from '../boxes/smhd.js';
import { writeChunkOffsets } from '../boxes/stco.js';
import { writeStsc } from '../boxes/stsc.js';
import { writeStss } from '../boxes/stss.js';
import { writeStsz } from '../boxes/stsz.js';
import { writeStts } from '../boxes/stts.js';
import { writeTfdt } from '../boxes/tfdt.js';
import { writeTfhd } from '../boxes/tfhd.js';
import { writeTkhd } from '../boxes/tkhd.js';
import { writeTrex } from '../boxes/trex.js';
import { writeTrun } from '../boxes/trun.js';
import { writeUrl } from '../boxes/url.js';
import { writeVisualSampleEntry } from '../boxes/visualSampleEntry.js';
import { writeVmhd } from '../boxes/vmhd.js';
import type { BoxMap } from './Box.js';
import type { BoxWriter } from './BoxCodec.js';

/** The box writers by four-character code; boxes without a writer here are written as opaque bytes. */
export const defaultWriters: { readonly [K in keyof BoxMap]: BoxWriter<BoxMap[K]> } = {
  ftyp: writeFtyp, styp: writeFtyp,
  moov: writeContainer, trak: writeContainer, mdia: writeContainer, minf: writeContainer, dinf: writeContainer,
  stbl: writeContainer, edts: writeContainer, mvex: writeContainer, moof: writeContainer, traf: writeContainer,
  mfra: writeContainer, sinf: writeContainer, schi: writeContainer,
  mvhd: writeMvhd, tkhd: writeTkhd, elst: writeElst, mdhd: writeMdhd, hdlr: writeHdlr, vmhd: writeVmhd, smhd: writeSmhd,
  dref: writeEntryList, stsd: writeEntryList, 'url ': writeUrl,
  avc1: writeVisualSampleEntry, avc3: writeVisualSampleEntry, hev1: writeVisualSampleEntry, hvc1: writeVisualSampleEntry,
  vp09: writeVisualSampleEntry, av01: writeVisualSampleEntry, encv: writeVisualSampleEntry,
  mp4a: writeAudioSampleEntry, Opus: writeAudioSampleEntry, fLaC: writeAudioSampleEntry, 'ac-3': writeAudioSampleEntry,
  'ec-3': writeAudioSampleEntry, enca: writeAudioSampleEntry,
  btrt: writeBtrt, pasp: writePasp,
  stts: writeStts, ctts: writeCtts, stss: writeStss, stsc: writeStsc, stsz: writeStsz, stco: writeChunkOffsets, co64: writeChunkOffsets,
  mehd: writeMehd, trex: writeTrex, mfhd: writeMfhd, tfhd: writeTfhd, tfdt: writeTfdt, trun: writeTrun, mdat: writeMdat,
  sidx: writeSidx, emsg: writeEmsg, prft: writePrft,
  senc: writeSenc, saiz: writeSaiz, saio: writeSaio, tenc: writeTenc, schm: writeSchm, frma: writeFrma, pssh: writePssh,
};
