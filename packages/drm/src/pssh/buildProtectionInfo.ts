import type { DrmSystemSignal, HlsKeySignal, ProtectionInfo } from '@ott/core';
import { toBase64, toHex } from '../keys/hex.js';
import { playReadyObject } from './playReadyObject.js';
import { SYSTEM_IDS } from './systemIds.js';
import type { DrmSystemName } from './systemIds.js';
import { widevinePsshData } from './widevinePsshData.js';
import { writePsshBox } from './writePsshBox.js';

/** Options of {@link buildProtectionInfo}. */
export interface ProtectionSignalOptions {
  readonly scheme: 'cenc' | 'cbcs';
  readonly kid: Uint8Array;
  /** Every key id the `pssh` boxes list (key rotation: all periods' keys); default `[kid]`. PlayReady names `kid` only. */
  readonly kids?: readonly Uint8Array[];
  readonly systems: readonly DrmSystemName[];
  /** ClearKey license URL (DASH `dashif:Laurl`; HLS signals the key id instead, see below). */
  readonly clearKeyLicenseUrl?: string;
  readonly playReadyLicenseUrl?: string;
  /** FairPlay key URI (default `skd://<kid hex>`). */
  readonly fairPlayKeyUri?: string;
}

/**
 * The `pssh` boxes for the init segment and the manifest signalling of one key: a `pssh` per system (ClearKey uses
 * the W3C common system id with the key id listed), HLS key tags per KEYFORMAT. Contains no key material.
 */
export function buildProtectionInfo(o: ProtectionSignalOptions): { info: ProtectionInfo; psshBoxes: Uint8Array[] } {
  const systems: DrmSystemSignal[] = [];
  const hlsKeys: HlsKeySignal[] = [];
  const psshBoxes: Uint8Array[] = [];
  const method = o.scheme === 'cbcs' ? 'SAMPLE-AES' : 'SAMPLE-AES-CTR';
  const kids = o.kids !== undefined && o.kids.length > 0 ? uniqueKids(o.kids) : [o.kid];
  for (const name of o.systems) {
    if (name === 'widevine') {
      const pssh = writePsshBox(SYSTEM_IDS.widevine, [], widevinePsshData(kids, o.scheme));
      psshBoxes.push(pssh);
      systems.push({ name, systemId: SYSTEM_IDS.widevine, pssh });
      hlsKeys.push({ method, uri: `data:text/plain;base64,${toBase64(pssh)}`, keyFormat: `urn:uuid:${SYSTEM_IDS.widevine}`, keyFormatVersions: '1' });
    } else if (name === 'playready') {
      const pro = playReadyObject(o.kid, { scheme: o.scheme, ...(o.playReadyLicenseUrl ? { licenseUrl: o.playReadyLicenseUrl } : {}) });
      const pssh = writePsshBox(SYSTEM_IDS.playready, [], pro);
      psshBoxes.push(pssh);
      systems.push({ name, systemId: SYSTEM_IDS.playready, pssh, playReadyObject: pro });
      hlsKeys.push({ method, uri: `data:text/plain;charset=UTF-16;base64,${toBase64(pro)}`, keyFormat: 'com.microsoft.playready', keyFormatVersions: '1' });
    } else if (name === 'fairplay') {
      const pssh = writePsshBox(SYSTEM_IDS.fairplay, kids);
      psshBoxes.push(pssh);
      systems.push({ name, systemId: SYSTEM_IDS.fairplay, pssh });
      // FairPlay is SAMPLE-AES (cbcs) only; with cenc it is still listed for DASH but HLS clients will not use it.
      hlsKeys.push({ method, uri: o.fairPlayKeyUri ?? `skd://${toHex(o.kid)}`, keyFormat: 'com.apple.streamingkeydelivery', keyFormatVersions: '1' });
    } else {
      const pssh = writePsshBox(SYSTEM_IDS.common, kids);
      psshBoxes.push(pssh);
      systems.push({ name, systemId: SYSTEM_IDS.clearkey, pssh, ...(o.clearKeyLicenseUrl ? { licenseUrl: o.clearKeyLicenseUrl } : {}) });
      // The URI carries the 16-byte key id, one URI per key: hls.js takes the first 16 bytes of an org.w3.clearkey
      // data URI as the key id and waits for that id's key status (a pssh box here gave it a wrong id and a fatal
      // keySystemStatusInternalError), and it groups key sessions by URI (a shared license URL mixes keys up).
      // Players get the license URL from their own configuration (DASH still signals it as dashif:Laurl).
      hlsKeys.push({ method, uri: `data:text/plain;base64,${toBase64(o.kid)}`, keyFormat: 'org.w3.clearkey', keyFormatVersions: '1' });
    }
  }
  return { info: { scheme: o.scheme, defaultKid: toHex(o.kid), systems, hlsKeys }, psshBoxes };
}

function uniqueKids(kids: readonly Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  const out: Uint8Array[] = [];
  for (const kid of kids) {
    const hex = toHex(kid);
    if (seen.has(hex)) continue;
    seen.add(hex);
    out.push(kid);
  }
  return out;
}
