import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { tap } from 'rxjs';
import type { MonoTypeOperatorFunction } from 'rxjs';
import { aes128KeyPath } from '@ott/core';
import type { PipelineItem } from '@ott/core';
import type { DrmSystemName, EncryptCmafOptions, KeyPeriod, KeySource, contentKeyFromHex as ContentKeyFromHex } from '@ott/drm';
import type { ParsedArgs } from '../args.js';
import { usage } from '../args.js';

/**
 * The `encryptCmaf` options of `--encrypt cenc|cbcs|aes-128 --key-id <hex> --key <hex> [--iv <hex>] [--drm …]
 * [--license-url <url>] [--clear-lead <s>] [--cpix <file|url> [--cpix-key <recipient private key PEM file>]
 * [--key-period-seconds <s>]] [--key-period <kid>:<key>@<start s> …] [--key-uri <url>]`, or undefined without
 * `--encrypt`. Key values never appear in messages. `@ott/drm` is loaded only when `--encrypt` is given, so plain
 * packaging does not pay for compiling it (and node:crypto) at start-up.
 */
export async function encryptionOptions(command: string, args: ParsedArgs): Promise<EncryptCmafOptions | undefined> {
  const v = args.values;
  const scheme = v.encrypt;
  if (scheme === undefined) {
    for (const flag of ['key-id', 'key', 'iv', 'drm', 'cpix', 'cpix-key', 'cpix-trust', 'cpix-require-signature', 'license-url', 'clear-lead', 'key-period', 'key-period-seconds', 'key-uri'] as const) {
      if (v[flag] !== undefined) throw usage(command, `--${flag} needs --encrypt cenc|cbcs|aes-128`);
    }
    return undefined;
  }
  if (scheme !== 'cenc' && scheme !== 'cbcs' && scheme !== 'aes-128') throw usage(command, `--encrypt takes cenc, cbcs or aes-128, got '${scheme}'`);
  const { DRM_SYSTEM_NAMES, contentKeyFromHex, parseHex } = await import('@ott/drm');
  const keys = v.key ?? [];
  const periods = v['key-period'];
  if (scheme === 'aes-128') {
    for (const flag of ['drm', 'license-url', 'clear-lead', 'cpix', 'key-period', 'key-period-seconds'] as const) {
      if (v[flag] !== undefined) throw usage(command, `--${flag} does not apply to --encrypt aes-128 (HLS whole-segment encryption with one key)`);
    }
  } else if (v['key-uri'] !== undefined) throw usage(command, '--key-uri needs --encrypt aes-128');
  if (v['key-period-seconds'] !== undefined && v.cpix === undefined) throw usage(command, '--key-period-seconds needs --cpix (rotation by ContentKeyPeriod index)');
  if (periods !== undefined) {
    if (v.cpix !== undefined || v['key-id'] !== undefined || keys.length > 0) throw usage(command, '--key-period replaces --key-id/--key and --cpix; pass one or the other');
  } else if (v.cpix !== undefined) {
    if (v['key-id'] !== undefined || keys.length > 0) throw usage(command, '--cpix replaces --key-id/--key; pass one or the other');
  } else if (v['cpix-key'] !== undefined || v['cpix-trust'] !== undefined || v['cpix-require-signature'] !== undefined) {
    throw usage(command, '--cpix-key, --cpix-trust and --cpix-require-signature need --cpix <file|url>');
  }
  else if (v['key-id'] === undefined || keys.length !== 1) throw usage(command, '--encrypt needs --key-id <32 hex digits> and one --key <32 hex digits>, or --cpix <file|url>, or --key-period <kid>:<key>@<start s> per period');
  if (scheme === 'aes-128') {
    return {
      scheme, key: contentKeyFromHex(v['key-id'] ?? '', keys[0] ?? ''),
      ...(v.iv !== undefined ? { iv: parseHex(v.iv, 16, 'the IV') } : {}),
      ...(v['key-uri'] !== undefined ? { keyUri: v['key-uri'] } : {}),
    };
  }
  const drm = (v.drm ?? 'widevine,playready,clearkey').split(',').map((d) => d.trim().toLowerCase()).filter(Boolean);
  for (const d of drm) {
    if (!DRM_SYSTEM_NAMES.includes(d as DrmSystemName)) throw usage(command, `--drm takes ${DRM_SYSTEM_NAMES.join(', ')}, got '${d}'`);
  }
  const clearLead = v['clear-lead'] === undefined ? 0 : Number(v['clear-lead']);
  if (!(clearLead >= 0)) throw usage(command, `--clear-lead must be a number of seconds >= 0, got '${v['clear-lead']}'`);
  const periodSeconds = v['key-period-seconds'] === undefined ? undefined : Number(v['key-period-seconds']);
  if (periodSeconds !== undefined && !(periodSeconds > 0)) throw usage(command, `--key-period-seconds must be a number of seconds > 0, got '${v['key-period-seconds']}'`);
  let keying: Pick<EncryptCmafOptions, 'key' | 'keys' | 'keyPeriods'>;
  if (periods !== undefined) keying = { keyPeriods: periods.map((p) => keyPeriod(command, p, contentKeyFromHex)) };
  else if (v.cpix !== undefined) keying = { keys: { ...cpixSource(v.cpix, v['cpix-key'], scheme, v['cpix-trust'], v['cpix-require-signature'] === true), ...(periodSeconds === undefined ? {} : { keyPeriodSeconds: periodSeconds }) } as KeySource };
  else keying = { key: contentKeyFromHex(v['key-id'] ?? '', keys[0] ?? '') };
  return {
    scheme,
    ...keying,
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
/** `--cpix` and its companions; `--cpix-trust` (certificates, PEM) pins the signers and requires a signature. */
function cpixSource(location: string, keyFile: string | undefined, scheme: 'cenc' | 'cbcs', trustFiles: readonly string[] | undefined, requireSignature: boolean): KeySource {
  const recipient = keyFile === undefined ? {} : { recipientKey: readFileSync(keyFile, 'utf8') };
  const trust = {
    ...(trustFiles === undefined ? {} : { trustedSigners: trustFiles.map((file) => Uint8Array.from(readFileSync(file))) }),
    ...(requireSignature || trustFiles !== undefined ? { verifySignatures: 'require' as const } : {}),
  };
  if (/^https?:\/\//i.test(location)) return { kind: 'cpix', url: location, trackTypes: ['VIDEO', 'AUDIO'], scheme, ...recipient, ...trust };
  return { kind: 'cpix', file: location, ...recipient, ...trust };
}

/** `--key-period <kid hex>:<key hex>@<start seconds>`: one key period of key rotation. */
function keyPeriod(command: string, text: string, contentKeyFromHex: typeof ContentKeyFromHex): KeyPeriod {
  const match = /^([0-9a-f-]+):([0-9a-f]+)@([0-9.]+)$/i.exec(text.trim());
  if (match === null) throw usage(command, '--key-period takes <kid hex>:<key hex>@<start seconds>, e.g. --key-period 0123…:0011…@0');
  return { key: contentKeyFromHex(match[1] ?? '', match[2] ?? ''), startSeconds: Number(match[3]) };
}

/**
 * `--encrypt aes-128` without `--key-uri`: writes the key (16 raw bytes, mode 0600) as `key.bin` beside each media
 * playlist (the rendition folder of each init segment) before the segments are stored, where `EXT-X-KEY`'s
 * relative URI points. A no-op for other encryption.
 */
export function writeAes128KeyFiles(output: string, encryption: EncryptCmafOptions | undefined): MonoTypeOperatorFunction<PipelineItem> {
  const key = encryption?.scheme === 'aes-128' && encryption.keyUri === undefined ? encryption.key : undefined;
  return tap((item) => {
    if (key === undefined || item.type !== 'init-segment') return;
    const file = resolve(output, aes128KeyPath(item.path));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, key.key, { mode: 0o600 });
  });
}
