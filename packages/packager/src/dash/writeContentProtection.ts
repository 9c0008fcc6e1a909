import type { ProtectionInfo } from '@ott/core';
import { escapeXml } from './escapeXml.js';

/** Namespaces the `ContentProtection` elements use, declared on `MPD` when a rendition is protected. */
export const PROTECTION_NAMESPACES = {
  'xmlns:cenc': 'urn:mpeg:cenc:2013',
  'xmlns:mspr': 'urn:microsoft:playready',
  'xmlns:dashif': 'https://dashif.org/CPS',
  'xmlns:clearkey': 'http://dashif.org/guidelines/clearKey',
} as const;

const DRM_VALUES: Readonly<Record<string, string>> = { widevine: 'Widevine', playready: 'MSPR 2.0', fairplay: 'FairPlay', clearkey: 'ClearKey1.0' };

/**
 * `ContentProtection` elements (ISO/IEC 23009-1 §5.8.4.1, DASH-IF IOP §7.5): the `mp4protection` descriptor with the
 * scheme and `cenc:default_KID`, then one per DRM system with its `cenc:pssh` (PlayReady also `mspr:pro`, ClearKey a
 * `dashif:Laurl` and legacy `clearkey:Laurl` when a license URL is known).
 */
export function writeContentProtection(p: ProtectionInfo, indent: string): string[] {
  const kid = p.defaultKid;
  const uuid = `${kid.slice(0, 8)}-${kid.slice(8, 12)}-${kid.slice(12, 16)}-${kid.slice(16, 20)}-${kid.slice(20)}`;
  const lines = [`${indent}<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="${p.scheme}" cenc:default_KID="${uuid}"/>`];
  for (const s of p.systems) {
    const inner: string[] = [];
    if (s.pssh !== undefined) inner.push(`<cenc:pssh>${b64(s.pssh)}</cenc:pssh>`);
    if (s.playReadyObject !== undefined) inner.push(`<mspr:pro>${b64(s.playReadyObject)}</mspr:pro>`);
    if (s.licenseUrl !== undefined) {
      const url = escapeXml(s.licenseUrl);
      inner.push(`<dashif:Laurl>${url}</dashif:Laurl>`, `<clearkey:Laurl Lic_type="EME-1.0">${url}</clearkey:Laurl>`);
    }
    const open = `${indent}<ContentProtection schemeIdUri="urn:uuid:${s.systemId}" value="${DRM_VALUES[s.name] ?? escapeXml(s.name)}"`;
    if (inner.length === 0) lines.push(`${open}/>`);
    else lines.push(`${open}>`, ...inner.map((l) => `${indent}  ${l}`), `${indent}</ContentProtection>`);
  }
  return lines;
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
