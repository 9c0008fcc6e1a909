import type { ProtectionInfo } from './Presentation.js';

const KEY_SYSTEMS: Readonly<Record<string, string>> = {
  'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed': 'com.widevine.alpha',
  'urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed': 'com.widevine.alpha',
  'com.microsoft.playready': 'com.microsoft.playready',
  'com.apple.streamingkeydelivery': 'com.apple.fps',
  'org.w3.clearkey': 'org.w3.clearkey',
  'urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e': 'org.w3.clearkey',
  'urn:uuid:1077efec-c0b2-4d02-ace3-3c1e52e2fb4b': 'org.w3.clearkey',
};

/** EXT-X-KEY / EXT-X-SESSION-KEY lines with a KEYFORMAT other than identity (SAMPLE-AES for EME). */
export function readHlsProtection(text: string, base: string): ProtectionInfo[] {
  const found: ProtectionInfo[] = [];
  for (const match of text.matchAll(/^#EXT-X-(?:SESSION-)?KEY:(.*)$/gm)) {
    const attrs = Object.fromEntries([...(match[1] ?? '').matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)].map((m) => [m[1], (m[2] ?? '').replace(/^"|"$/g, '')]));
    const method = attrs['METHOD'] ?? '';
    if (!method.startsWith('SAMPLE-AES')) continue;
    const format = (attrs['KEYFORMAT'] ?? 'identity').toLowerCase();
    const keySystem = KEY_SYSTEMS[format] ?? format;
    const uri = attrs['URI'] ?? '';
    const dataPssh = uri.startsWith('data:') && uri.includes('base64,') ? Uint8Array.from(atob(uri.split('base64,')[1] ?? ''), (c) => c.charCodeAt(0)) : undefined;
    const kid = attrs['KEYID']?.replace(/^0x/i, '').toLowerCase();
    found.push({
      keySystem,
      ...(dataPssh && keySystem !== 'org.w3.clearkey' ? { pssh: dataPssh } : {}),
      ...(kid ? { kid } : {}),
      ...(uri && !uri.startsWith('data:') && !uri.startsWith('skd:') ? { licenseUrl: new URL(uri, base).href } : {}),
    });
  }
  return found;
}
