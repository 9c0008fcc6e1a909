import { createCipheriv } from 'node:crypto';
import type { OperatorFunction } from 'rxjs';
import { mapOutputFiles } from '../mapOutputFiles.js';
import { AES128_KEY_FILE } from '@ott/core';
import type { InitSegment, PipelineItem, ProtectionInfo, Segment } from '@ott/core';
import type { EncryptCmafOptions } from '../encryptCmaf.js';
import type { ContentKey } from '../keys/ContentKey.js';
import { drmError } from '../keys/drmError.js';
import { toHex } from '../keys/hex.js';

/** The IV of a segment without an explicit IV: its media sequence number, big-endian in 16 bytes (RFC 8216bis §5.2). */
export function sequenceIv(mediaSequence: number): Uint8Array {
  const iv = new Uint8Array(16);
  new DataView(iv.buffer).setBigUint64(8, BigInt(mediaSequence));
  return iv;
}

/**
 * AES-128-CBC with PKCS#7 padding of a whole segment (its chunks back to back): one cipher call per chunk, the
 * ciphertext returned as chunks (no concatenation copy), to be written back to back.
 */
export function encryptSegmentAes128(chunks: readonly Uint8Array[], key: Uint8Array, iv: Uint8Array): Uint8Array[] {
  const cipher = createCipheriv('aes-128-cbc', key, iv);
  const parts: Uint8Array[] = chunks.map((c) => cipher.update(c));
  parts.push(cipher.final());
  return parts.filter((p) => p.byteLength > 0);
}

/**
 * HLS whole-segment AES-128 encryption (RFC 8216bis §4.4.4.4, `METHOD=AES-128`): every media segment is encrypted
 * whole with AES-128-CBC and PKCS#7 padding, the IV being the segment's media sequence number unless `iv` is given
 * (then signalled as `IV=0x…`). The init segment stays clear: media playlists write `EXT-X-KEY` after `EXT-X-MAP`, so the
 * key does not apply to the Media Initialization Section. DASH cannot signal this method (writeManifests leaves the
 * MPD out with a warning). The key file is served at `keyUri` (default `key.bin` beside each media playlist).
 */
export function encryptHlsAes128(options: EncryptCmafOptions & { readonly scheme: 'aes-128' }): OperatorFunction<PipelineItem, PipelineItem> {
  if (options.keyPeriods !== undefined || options.keyPeriodsForTrack !== undefined) {
    throw drmError('DRM_UNSUPPORTED', 'Key rotation (keyPeriods) is not supported with aes-128; use cenc or cbcs, or one key.');
  }
  if ((options.clearLeadSeconds ?? 0) > 0) throw drmError('DRM_UNSUPPORTED', 'A clear lead is not supported with aes-128 (every segment is encrypted whole).');
  if (options.iv !== undefined && options.iv.byteLength !== 16) {
    throw drmError('DRM_INVALID_KEY', `Expected a 16-byte IV for aes-128, got ${options.iv.byteLength} bytes.`);
  }
  const uri = options.keyUri ?? AES128_KEY_FILE;
  return mapOutputFiles(() => {
      const keys = new Map<string, { key: ContentKey; protection: ProtectionInfo }>();
      const onInit = (init: InitSegment): InitSegment => {
        const key = options.keyForTrack?.(init.track, init.renditionId) ?? options.key;
        if (key === undefined) throw drmError('DRM_KEY_NOT_FOUND', 'encryptCmaf needs key, keyForTrack or keys; none was given.');
        const iv = options.iv ?? (key.iv?.byteLength === 16 ? key.iv : undefined);
        const protection: ProtectionInfo = {
          scheme: 'aes-128', defaultKid: toHex(key.kid), systems: [],
          hlsKeys: [{ method: 'AES-128', uri, ...(iv ? { iv: `0x${toHex(iv)}` } : {}) }],
        };
        keys.set(init.renditionId, { key: iv === undefined ? key : { ...key, iv }, protection });
        return { ...init, protection };
      };
      const onSegment = (segment: Segment): Segment => {
        const state = keys.get(segment.renditionId);
        if (state === undefined) {
          throw drmError('DRM_UNSUPPORTED', `Media segment of rendition "${segment.renditionId}" came before its init segment; encryptCmaf needs the init first.`);
        }
        const chunks = encryptSegmentAes128(segment.chunks, state.key.key, state.key.iv ?? sequenceIv(segment.number));
        let byteLength = 0;
        for (const c of chunks) byteLength += c.byteLength;
        return { ...segment, chunks, byteLength, protection: state.protection };
      };
      return { init: onInit, segment: onSegment };
    });
}
