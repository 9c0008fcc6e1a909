import { toBase64 } from '../keys/hex.js';

/** Options of {@link playReadyObject}. */
export interface PlayReadyObjectOptions {
  readonly scheme: 'cenc' | 'cbcs';
  /** License acquisition URL, written as `LA_URL` when given. */
  readonly licenseUrl?: string;
}

/** PlayReady wants the key id as a little-endian GUID: the first three fields byte-swapped. */
export function playReadyKidBase64(kid: Uint8Array): string {
  const g = Uint8Array.from(kid);
  g.set([kid[3] ?? 0, kid[2] ?? 0, kid[1] ?? 0, kid[0] ?? 0, kid[5] ?? 0, kid[4] ?? 0, kid[7] ?? 0, kid[6] ?? 0], 0);
  return toBase64(g);
}

const xmlEscape = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A PlayReady Header Object (PRO, PlayReady Header Specification §3): one rights-management record holding a UTF-16LE
 * `WRMHEADER` — version 4.0.0.0 (AESCTR) for `cenc`, 4.3.0.0 with `ALGID="AESCBC"` for `cbcs`. No CHECKSUM (optional).
 */
export function playReadyObject(kid: Uint8Array, options: PlayReadyObjectOptions): Uint8Array {
  const kidB64 = playReadyKidBase64(kid);
  const la = options.licenseUrl === undefined ? '' : `<LA_URL>${xmlEscape(options.licenseUrl)}</LA_URL>`;
  const xml = options.scheme === 'cenc'
    ? `<WRMHEADER xmlns="http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader" version="4.0.0.0"><DATA><PROTECTINFO><KEYLEN>16</KEYLEN><ALGID>AESCTR</ALGID></PROTECTINFO><KID>${kidB64}</KID>${la}</DATA></WRMHEADER>`
    : `<WRMHEADER xmlns="http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader" version="4.3.0.0"><DATA><PROTECTINFO><KIDS><KID ALGID="AESCBC" VALUE="${kidB64}"></KID></KIDS></PROTECTINFO>${la}</DATA></WRMHEADER>`;
  const record = Buffer.from(xml, 'utf16le');
  const out = new Uint8Array(10 + record.byteLength);
  const v = new DataView(out.buffer);
  v.setUint32(0, out.byteLength, true);
  v.setUint16(4, 1, true);
  v.setUint16(6, 1, true);
  v.setUint16(8, record.byteLength, true);
  out.set(record, 10);
  return out;
}
