import { writeBox } from '@ott/core';
import { parseHex } from '../keys/hex.js';

/** Writes a whole `pssh` box (version 1 when key ids are given, else 0). */
export function writePsshBox(systemId: string, kids: readonly Uint8Array[], systemData: Uint8Array = new Uint8Array(0)): Uint8Array {
  return writeBox({
    type: 'pssh', version: kids.length > 0 ? 1 : 0, flags: 0, systemId: parseHex(systemId, 16, 'a DRM system id'), kids, systemData,
  });
}
