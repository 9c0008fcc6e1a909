import type { SencBox } from '../boxes/senc.js';
import type { SaizBox } from '../boxes/saiz.js';
import type { SaioBox } from '../boxes/saio.js';
import type { TencBox } from '../boxes/tenc.js';
import type { SchmBox } from '../boxes/schm.js';
import type { FrmaBox } from '../boxes/frma.js';
import type { PsshBox } from '../boxes/pssh.js';
import type { AudioSampleEntryBox } from '../boxes/audioSampleEntry.js';
import type { BtrtBox } from '../boxes/btrt.js';
import type { ContainerBox } from '../boxes/container.js';
import type { CttsBox } from '../boxes/ctts.js';
import type { EntryListBox } from '../boxes/dref.js';
import type { ElstBox } from '../boxes/elst.js';
import type { EmsgBox } from '../boxes/emsg.js';
import type { FtypBox } from '../boxes/ftyp.js';
import type { HdlrBox } from '../boxes/hdlr.js';
import type { MdatBox } from '../boxes/mdat.js';
import type { MdhdBox } from '../boxes/mdhd.js';
import type { MehdBox } from '../boxes/mehd.js';
import type { MfhdBox } from '../boxes/mfhd.js';
import type { MvhdBox } from '../boxes/mvhd.js';
import type { OpaqueBox } from '../boxes/opaque.js';
import type { PaspBox } from '../boxes/pasp.js';
import type { PrftBox } from '../boxes/prft.js';
import type { SidxBox } from '../boxes/sidx.js';
import type { SmhdBox } from '../boxes/smhd.js';
import type { ChunkOffsetBox } from '../boxes/stco.js';
import type { StscBox } from '../boxes/stsc.js';
import type { StssBox } from '../boxes/stss.js';
import type { StszBox } from '../boxes/stsz.js';
import type { SttsBox } from '../boxes/stts.js';
import type { TfdtBox } from '../boxes/tfdt.js';
import type { TfhdBox } from '../boxes/tfhd.js';
import type { TkhdBox } from '../boxes/tkhd.js';
import type { TrexBox } from '../boxes/trex.js';
import type { TrunBox } from '../boxes/trun.js';
import type { UrlBox } from '../boxes/url.js';
import type { VisualSampleEntryBox } from '../boxes/visualSampleEntry.js';
import type { VmhdBox } from '../boxes/vmhd.js';

/** A four-character box type code such as `moov`. */
export type FourCC = string;

/** Box types with a parsed shape, keyed by four-character code. */
export interface BoxMap {
  ftyp: FtypBox; styp: FtypBox;
  moov: ContainerBox<'moov'>; trak: ContainerBox<'trak'>; mdia: ContainerBox<'mdia'>; minf: ContainerBox<'minf'>;
  dinf: ContainerBox<'dinf'>; stbl: ContainerBox<'stbl'>; edts: ContainerBox<'edts'>; mvex: ContainerBox<'mvex'>;
  moof: ContainerBox<'moof'>; traf: ContainerBox<'traf'>; mfra: ContainerBox<'mfra'>; sinf: ContainerBox<'sinf'>;
  schi: ContainerBox<'schi'>;
  mvhd: MvhdBox; tkhd: TkhdBox; elst: ElstBox; mdhd: MdhdBox; hdlr: HdlrBox; vmhd: VmhdBox; smhd: SmhdBox;
  dref: EntryListBox<'dref'>; stsd: EntryListBox<'stsd'>; 'url ': UrlBox;
  avc1: VisualSampleEntryBox; avc3: VisualSampleEntryBox; hev1: VisualSampleEntryBox; hvc1: VisualSampleEntryBox;
  vp09: VisualSampleEntryBox; av01: VisualSampleEntryBox; encv: VisualSampleEntryBox;
  mp4a: AudioSampleEntryBox; Opus: AudioSampleEntryBox; fLaC: AudioSampleEntryBox; 'ac-3': AudioSampleEntryBox;
  'ec-3': AudioSampleEntryBox; enca: AudioSampleEntryBox;
  btrt: BtrtBox; pasp: PaspBox;
  stts: SttsBox; ctts: CttsBox; stss: StssBox; stsc: StscBox; stsz: StszBox; stco: ChunkOffsetBox; co64: ChunkOffsetBox;
  mehd: MehdBox; trex: TrexBox; mfhd: MfhdBox; tfhd: TfhdBox; tfdt: TfdtBox; trun: TrunBox; mdat: MdatBox;
  sidx: SidxBox; emsg: EmsgBox; prft: PrftBox;
  senc: SencBox; saiz: SaizBox; saio: SaioBox; tenc: TencBox; schm: SchmBox; frma: FrmaBox; pssh: PsshBox;
}

/** Any box: a parsed one from {@link BoxMap} or an {@link OpaqueBox} kept as bytes (unknown types round-trip). */
export type Box = BoxMap[keyof BoxMap] | ContainerBox | EntryListBox | OpaqueBox;

/** A box that has children. */
export type ParentBox = { readonly children: readonly Box[] };
