import { DRM_SYSTEM_NAMES, contentKeyFromHex, parseHex } from '@ott/drm';
import type { DrmSystemName, EncryptCmafOptions } from '@ott/drm';
import type { ParsedArgs } from '../args.js';
import { usage } from '../args.js';

/**
 * The `encryptCmaf` options of `--encrypt cenc|cbcs --key-id <hex> --key <hex> [--iv <hex>] [--drm …]
 * [--license-url <url>] [--clear-lead <s>]`, or undefined without `--encrypt`. Key values never appear in messages.
 */
export function encryptionOptions(command: string, args: ParsedArgs): EncryptCmafOptions | undefined {
  const v = args.values;
  const scheme = v.encrypt;
  if (scheme === undefined) {
    for (const flag of ['key-id', 'key', 'iv', 'drm', 'cpix', 'license-url', 'clear-lead'] as const) {
      if (v[flag] !== undefined) throw usage(command, `--${flag} needs --encrypt cenc|cbcs`);
    }
    return undefined;
  }
  if (scheme !== 'cenc' && scheme !== 'cbcs') throw usage(command, `--encrypt takes cenc or cbcs, got '${scheme}'`);
  if (v.cpix !== undefined) {
    throw usage(command, '--cpix is not supported by this build yet; pass --key-id and --key');
  }
  const keys = v.key ?? [];
  if (v['key-id'] === undefined || keys.length !== 1) throw usage(command, '--encrypt needs --key-id <32 hex digits> and one --key <32 hex digits>');
  const drm = (v.drm ?? 'widevine,playready,clearkey').split(',').map((d) => d.trim().toLowerCase()).filter(Boolean);
  for (const d of drm) {
    if (!DRM_SYSTEM_NAMES.includes(d as DrmSystemName)) throw usage(command, `--drm takes ${DRM_SYSTEM_NAMES.join(', ')}, got '${d}'`);
  }
  const clearLead = v['clear-lead'] === undefined ? 0 : Number(v['clear-lead']);
  if (!(clearLead >= 0)) throw usage(command, `--clear-lead must be a number of seconds >= 0, got '${v['clear-lead']}'`);
  const key = contentKeyFromHex(v['key-id'], keys[0] ?? '');
  return {
    scheme,
    key,
    drmSystems: drm as DrmSystemName[],
    ...(v.iv !== undefined ? { iv: parseHex(v.iv, v.iv.replace(/^0x/i, '').length === 16 ? 8 : 16, 'the IV') } : {}),
    ...(v['license-url'] !== undefined ? { clearKeyLicenseUrl: v['license-url'] } : {}),
    ...(clearLead > 0 ? { clearLeadSeconds: clearLead } : {}),
  };
}
