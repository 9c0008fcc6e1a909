/**
 * The `styp` box that opens every media segment: major brand `msdh` (ISO/IEC 23009-1 §6.3.4.2, "media segment
 * conforming to the DASH general format"), compatible `msdh` and `cmfs` (ISO/IEC 23000-19 §7.3.3, CMAF segment).
 * `msix` is not claimed because our segments carry no `sidx`. Players (hls.js, dash.js, Shaka, Chromium MSE) skip
 * `styp`; ffmpeg's own DASH muxer writes one too.
 *
 * The bytes never change, so one shared instance is returned; callers must not modify it.
 */
export function writeStyp(): Uint8Array {
  return STYP;
}

const BRANDS = ['msdh', 'cmfs'] as const;

const STYP: Uint8Array = (() => {
  const size = 8 + 8 + 4 * BRANDS.length;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, size);
  writeFourCc(bytes, 4, 'styp');
  writeFourCc(bytes, 8, 'msdh');
  view.setUint32(12, 0); // minor_version
  BRANDS.forEach((brand, i) => writeFourCc(bytes, 16 + 4 * i, brand));
  return bytes;
})();

function writeFourCc(bytes: Uint8Array, offset: number, fourCc: string): void {
  for (let i = 0; i < 4; i++) bytes[offset + i] = fourCc.charCodeAt(i);
}
