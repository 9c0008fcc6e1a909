import { DRM_SYSTEM_NAMES, contentKeyFromHex, parseHex } from '@ott/drm';
import { readFileSync } from 'node:fs';
import type { DrmSystemName, EncryptCmafOptions, KeySource } from '@ott/drm';
import type { ParsedArgs } from '../args.js';
import { usage } from '../args.js';

/**
 * The `encryptCmaf` options of `--encrypt cenc|cbcs --key-id <hex> --key <hex> [--iv <hex>] [--drm …]
 * [--license-url <url>] [--clear-lead <s>] [--cpix <file|url> [--cpix-key <recipient private key PEM file>]]`, or undefined without `--encrypt`. Key values never appear in messages.
 */
export function encryptionOptions(command: string, args: ParsedArgs): EncryptCmafOptions | undefined {
  const v = args.values;
  const scheme = v.encrypt;
  if (scheme === undefined) {
    for (const flag of ['key-id', 'key', 'iv', 'drm', 'cpix', 'cpix-key', 'license-url', 'clear-lead'] as const) {
      if (v[flag] !== undefined) throw usage(command, `--${flag} needs --encrypt cenc|cbcs`);
    }
    return undefined;
  }
  if (scheme !== 'cenc' && scheme !== 'cbcs') throw usage(command, `--encrypt takes cenc or cbcs, got '${scheme}'`);
  const keys = v.key ?? [];
  if (v.cpix !== undefined) {
    if (v['key-id'] !== undefined || keys.length > 0) throw usage(command, '--cpix replaces --key-id/--key; pass one or the other');
  } else if (v['cpix-key'] !== undefined) throw usage(command, '--cpix-key needs --cpix <file|url>');
  else if (v['key-id'] === undefined || keys.length !== 1) throw usage(command, '--encrypt needs --key-id <32 hex digits> and one --key <32 hex digits>, or --cpix <file|url>');
  const drm = (v.drm ?? 'widevine,playready,clearkey').split(',').map((d) => d.trim().toLowerCase()).filter(Boolean);
  for (const d of drm) {
    if (!DRM_SYSTEM_NAMES.includes(d as DrmSystemName)) throw usage(command, `--drm takes ${DRM_SYSTEM_NAMES.join(', ')}, got '${d}'`);
  }
  const clearLead = v['clear-lead'] === undefined ? 0 : Number(v['clear-lead']);
  if (!(clearLead >= 0)) throw usage(command, `--clear-lead must be a number of seconds >= 0, got '${v['clear-lead']}'`);
  return {
    scheme,
    ...(v.cpix === undefined ? { key: contentKeyFromHex(v['key-id'] ?? '', keys[0] ?? '') } : { keys: cpixSource(v.cpix, v['cpix-key'], scheme) }),
    drmSystems: drm as DrmSystemName[],
    ...(v.iv !== undefined ? { iv: parseHex(v.iv, v.iv.replace(/^0x/i, '').length === 16 ? 8 : 16, 'the IV') } : {}),
    ...(v['license-url'] !== undefined ? { clearKeyLicenseUrl: v['license-url'] } : {}),
    ...(clearLead > 0 ? { clearLeadSeconds: clearLead } : {}),
  };
}

/**
 * `--cpix <file|url>`: keys from a CPIX document or a SPEKE v2-style key server (one key for video, one for audio,
 * picked per track by the usage rules); `--cpix-key` decrypts content keys encrypted for us.
 */
function cpixSource(location: string, keyFile: string | undefined, scheme: 'cenc' | 'cbcs'): KeySource {
  const recipient = keyFile === undefined ? {} : { recipientKey: readFileSync(keyFile, 'utf8') };
  if (/^https?:\/\//i.test(location)) return { kind: 'cpix', url: location, trackTypes: ['VIDEO', 'AUDIO'], scheme, ...recipient };
  return { kind: 'cpix', file: location, ...recipient };
}
