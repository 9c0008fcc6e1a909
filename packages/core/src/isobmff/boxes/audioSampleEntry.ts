import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';
import type { Box } from '../box/Box.js';
import type { ReadContext, WriteContext } from '../box/BoxCodec.js';

/** Audio sample entry four-character codes handled as {@link AudioSampleEntryBox}. */
export type AudioSampleEntryType = 'mp4a' | 'Opus' | 'fLaC' | 'ac-3' | 'ec-3' | 'enca';

/**
 * Audio sample entry (ISO/IEC 14496-12 §12.2.3) such as `mp4a` (child `esds`) or `Opus` (child `dOps`).
 * QuickTime sound description versions 1 and 2 keep their extra fields raw in `qtExtension`.
 */
export interface AudioSampleEntryBox {
  readonly type: AudioSampleEntryType;
  readonly dataReferenceIndex: number;
  /** Sound description version (0 for ISO files). */
  readonly soundVersion: number;
  readonly revision: number;
  readonly vendor: number;
  readonly channelCount: number;
  readonly sampleSize: number;
  readonly compressionId: number;
  /** 16.16 fixed point; the integer part is the rate in Hz (up to 65535). */
  readonly sampleRate: number;
  readonly qtExtension: Uint8Array;
  readonly children: readonly Box[];
}

/** Reads an audio sample entry. */
export function readAudioSampleEntry(c: Cursor, ctx: ReadContext): AudioSampleEntryBox {
  c.skip(6);
  const dataReferenceIndex = c.u16();
  const soundVersion = c.u16();
  const revision = c.u16();
  const vendor = c.u32();
  const channelCount = c.u16();
  const sampleSize = c.u16();
  const compressionId = c.i16();
  c.skip(2);
  const sampleRate = c.u32();
  // QuickTime sound description v1 adds 4 × u32, v2 adds 36 bytes (QTFF "Sound Sample Description").
  const qtExtension = c.bytesView(soundVersion === 1 ? 16 : soundVersion === 2 ? 36 : 0);
  return {
    type: ctx.type as AudioSampleEntryType, dataReferenceIndex, soundVersion, revision, vendor, channelCount, sampleSize,
    compressionId, sampleRate, qtExtension, children: ctx.children(c),
  };
}

/** Writes an audio sample entry. */
export function writeAudioSampleEntry(w: ByteSink, box: AudioSampleEntryBox, ctx: WriteContext): void {
  w.box(box.type, () => {
    w.zeros(6);
    w.u16(box.dataReferenceIndex);
    w.u16(box.soundVersion);
    w.u16(box.revision);
    w.u32(box.vendor);
    w.u16(box.channelCount);
    w.u16(box.sampleSize);
    w.i16(box.compressionId);
    w.u16(0);
    w.u32(box.sampleRate);
    w.bytes(box.qtExtension);
    for (const child of box.children) ctx.child(child);
  });
}
