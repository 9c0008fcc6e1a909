import { isobmffError } from '../cursor/isobmffError.js';
import { av1CodecString } from './av1CodecString.js';
import { avcCodecString } from './avcCodecString.js';
import { hevcCodecString } from './hevcCodecString.js';
import { mp4aCodecString } from './readEsds.js';
import { vp9CodecString } from './vp9CodecString.js';

/**
 * The RFC 6381 codec string of a sample entry of `format` (its original format for `encv`/`enca`), built from its
 * decoder configuration box, which `config` returns by type (the box payload after its 8-byte header, FullBox
 * version and flags included): `avc1.64001f`, `hvc1.1.6.L93.B0`, `vp09.00.21.08`, `av01.0.04M.08`, `mp4a.40.2`,
 * `opus`. The one definition every package uses — the packager's manifests and the player's MSE `addSourceBuffer`.
 * Browser-safe (`@ott/core/media`).
 *
 * @throws OttError `ISOBMFF_INVALID_BOX` when the configuration box is missing or short, `ISOBMFF_UNSUPPORTED` for an
 * unknown format.
 * @example
 * ```ts
 * declare const vpcCPayload: Uint8Array; // the vpcC box of a VP9 sample entry, after its 8-byte header
 * codecStringFor('vp09', (type) => (type === 'vpcC' ? vpcCPayload : undefined)); // 'vp09.00.21.08'
 * ```
 */
export function codecStringFor(format: string, config: (boxType: string) => Uint8Array | undefined): string {
  const required = (type: string): Uint8Array => {
    const data = config(type);
    if (data === undefined) {
      throw isobmffError('ISOBMFF_INVALID_BOX', `Sample entry '${format}' has no '${type}' box, so no codec string can be built; the input lacks its decoder configuration.`);
    }
    return data;
  };
  switch (format) {
    case 'avc1':
    case 'avc3':
      return avcCodecString(format, required('avcC'));
    case 'hvc1':
    case 'hev1':
      return hevcCodecString(format, required('hvcC'));
    case 'vp09':
      return vp9CodecString(format, required('vpcC'));
    case 'av01':
      return av1CodecString(format, required('av1C'));
    case 'mp4a':
      return mp4aCodecString(required('esds'));
    case 'Opus':
    case 'opus':
      return 'opus';
    case 'fLaC':
      return 'flac';
    case 'ac-3':
    case 'ec-3':
      return format;
    default:
      throw isobmffError('ISOBMFF_UNSUPPORTED', `No RFC 6381 codec string is known for sample entry '${format}'; supported: avc1/avc3, hvc1/hev1, vp09, av01, mp4a, Opus, fLaC, ac-3, ec-3.`);
  }
}
