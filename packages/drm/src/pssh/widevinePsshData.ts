/**
 * The Widevine `pssh` data: a `WidevinePsshData` protobuf with `key_ids` (field 2, bytes) and `protection_scheme`
 * (field 9, the scheme's four-character code as a uint32), the fields Shaka Packager writes for raw keys.
 */
export function widevinePsshData(kids: readonly Uint8Array[], scheme: 'cenc' | 'cbcs'): Uint8Array {
  const parts: number[] = [];
  for (const kid of kids) parts.push(0x12, kid.byteLength, ...kid);
  let fourcc = 0;
  for (let i = 0; i < 4; i++) fourcc = fourcc * 256 + scheme.charCodeAt(i);
  parts.push(0x48);
  for (let v = fourcc; ; ) {
    const byte = v % 128;
    v = Math.floor(v / 128);
    if (v === 0) { parts.push(byte); break; }
    parts.push(byte | 0x80);
  }
  return Uint8Array.from(parts);
}
