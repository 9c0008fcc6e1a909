import { open } from 'node:fs/promises';

/** What a walk over the top-level boxes of a file found. */
export interface Mp4Structure {
  /** The file starts like an ISO-BMFF file (MP4, MOV, fragmented MP4). */
  readonly isMp4: boolean;
  /** Top-level box types in file order (capped). */
  readonly boxes: readonly string[];
  /** Set when a box declares more bytes than the file holds: the file was cut. */
  readonly truncated?: { readonly box: string; readonly offset: number; readonly declaredEnd: number; readonly fileSize: number };
  /** `true` when a `moov` box was found. */
  readonly hasMoov: boolean;
}

// Box types that may open an ISO-BMFF file (ISO/IEC 14496-12 §4.3 says ftyp comes first, but QuickTime files often
// start with `wide`, `free` or `mdat`, and fragmented streams with `styp`/`moof`).
const LEADING_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pdin', 'styp', 'moof', 'sidx', 'uuid']);
const MAX_BOXES = 1_000_000;

/**
 * Walks the top-level box headers of a file (8 or 16 bytes read per box, never the payload) to detect MP4/MOV inputs
 * that were cut short: ffprobe happily reports a full duration for a file whose `moov` is at the start even when most
 * of `mdat` is missing.
 */
export async function checkMp4Structure(path: string, fileSize: number): Promise<Mp4Structure> {
  const handle = await open(path, 'r');
  try {
    const header = new Uint8Array(16);
    const view = new DataView(header.buffer);
    const boxes: string[] = [];
    let hasMoov = false;
    let offset = 0;
    while (offset < fileSize && boxes.length < MAX_BOXES) {
      const { bytesRead } = await handle.read(header, 0, 16, offset);
      const type = bytesRead >= 8 ? fourCC(header) : '';
      if (boxes.length === 0 && !LEADING_BOXES.has(type)) return { isMp4: false, boxes, hasMoov };
      if (bytesRead < 8) return { isMp4: true, boxes, hasMoov, truncated: { box: '(header)', offset, declaredEnd: offset + 8, fileSize } };
      let size = view.getUint32(0);
      if (size === 1) {
        if (bytesRead < 16) return { isMp4: true, boxes, hasMoov, truncated: { box: type, offset, declaredEnd: offset + 16, fileSize } };
        size = Number(view.getBigUint64(8));
      } else if (size === 0) {
        size = fileSize - offset; // box extends to the end of the file (§4.2)
      }
      if (size < 8 || !isPrintable(type)) {
        // Not a box header: before any moov this is not ISO-BMFF; after it, trailing garbage that players ignore.
        return { isMp4: boxes.length > 1 || hasMoov, boxes, hasMoov };
      }
      boxes.push(type);
      if (type === 'moov') hasMoov = true;
      if (offset + size > fileSize) return { isMp4: true, boxes, hasMoov, truncated: { box: type, offset, declaredEnd: offset + size, fileSize } };
      offset += size;
    }
    return { isMp4: true, boxes, hasMoov };
  } finally {
    await handle.close();
  }
}

function fourCC(bytes: Uint8Array): string {
  return String.fromCharCode(bytes[4] ?? 0, bytes[5] ?? 0, bytes[6] ?? 0, bytes[7] ?? 0);
}

function isPrintable(type: string): boolean {
  return /^[\x20-\x7e]{4}$/.test(type) || type.charCodeAt(0) === 0xa9; // ©xyz QuickTime atoms
}
