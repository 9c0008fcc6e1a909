/**
 * `@ott/core/media`: the browser-safe part of `@ott/core` — no Node import anywhere below this file (a test bundles it
 * for the browser). What a player needs from the media contracts the packages share: RFC 6381 codec strings from a
 * sample entry's decoder configuration, and the error type they throw.
 *
 * @example
 * ```ts
 * declare const vpcCPayload: Uint8Array; // the vpcC box of a VP9 sample entry, after its 8-byte header
 * import { codecStringFor } from '@ott/core/media';
 * const codec = codecStringFor('vp09', (type) => (type === 'vpcC' ? vpcCPayload : undefined)); // 'vp09.00.21.08'
 * ```
 */
export { codecStringFor } from './isobmff/codec/codecStringFor.js';
export { avcCodecString } from './isobmff/codec/avcCodecString.js';
export { hevcCodecString } from './isobmff/codec/hevcCodecString.js';
export { vp9CodecString } from './isobmff/codec/vp9CodecString.js';
export { av1CodecString } from './isobmff/codec/av1CodecString.js';
export { mp4aCodecString } from './isobmff/codec/readEsds.js';
export { OttError, isOttError } from './errors/OttError.js';
export type { OttErrorCode, Stage } from './errors/codes.js';
export { AES128_KEY_FILE, DASH_MANIFEST, INIT_FILE, MASTER_PLAYLIST, MEDIA_PLAYLIST, SEGMENT_NUMBER_TEMPLATE, initPath, isSafeRelativePath, parseMediaFileName, partFileName, partPath, segmentFileName, segmentPath, sessionInitPath, aes128KeyPath } from './layout/outputLayout.js';
export type { LayoutMediaName } from './layout/outputLayout.js';
export { readAttributeList } from './hls/readAttributeList.js';
export { fromHex, toBase64, toBase64Url, toHex } from './bytes/encoding.js';
export { languageTag, sameLanguage } from './language/languageTag.js';
