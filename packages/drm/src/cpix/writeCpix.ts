import { randomBytes } from 'node:crypto';
import type { X509Certificate } from 'node:crypto';
import { checkCertificate, toCertificate } from '../keys/checkCertificate.js';
import { drmError } from '../keys/drmError.js';
import type { CpixContentKey, CpixDocument, CpixDrmSystem, CpixUsageRule } from './CpixDocument.js';
import { ALG, aes256CbcEncrypt, rsaOaepEncrypt, valueMac } from './cpixCrypto.js';
import { kidText } from './cpixValues.js';
import { NS } from './xml/xmlQuery.js';

/** Options of {@link writeCpix}. */
export interface WriteCpixOptions {
  /** Encrypt the content keys for these recipients (PEM, DER or X509Certificate); without it keys are in the clear. */
  readonly recipientCert?: X509Certificate | string | Uint8Array | readonly (X509Certificate | string | Uint8Array)[];
  /** Smallest RSA key accepted for a recipient (default 3072 bits). */
  readonly minRsaBits?: number;
}

type Input = Omit<CpixDocument, 'recipients' | 'signatures' | 'drmSystems' | 'keyPeriods' | 'usageRules'> &
  Partial<Pick<CpixDocument, 'drmSystems' | 'keyPeriods' | 'usageRules'>>;

/**
 * Writes a CPIX 2.3 document (`urn:dashif:org:cpix` with `pskc`, `enc`, `ds`), elements in the schema's order.
 * With `recipientCert` the content keys are encrypted (CPIX 2.3 §4.3): a random AES-256 document key and a random
 * HMAC-SHA512 MAC key, each RSA-OAEP wrapped for every recipient, keys as AES-256-CBC with a `ValueMAC`.
 * `readCpix(writeCpix(doc))` gives `doc` back (with the recipient's private key when encrypted).
 *
 * @example
 * ```ts
 * declare const kid: Uint8Array, key: Uint8Array; // 16 bytes each
 * const xml = writeCpix({ contentKeys: [{ kid, key }] }, { recipientCert: await readFile('partner.pem', 'utf8') });
 * ```
 */
export function writeCpix(doc: Input, options: WriteCpixOptions = {}): string {
  const raw = options.recipientCert;
  const certs = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) as (X509Certificate | string | Uint8Array)[];
  const recipients = certs.map((c) => toCertificate(c, 'recipientCert'));
  for (const r of recipients) checkCertificate(r, 'recipient', options.minRsaBits);
  const documentKey = recipients.length > 0 ? randomBytes(32) : undefined;
  const macKey = recipients.length > 0 ? randomBytes(64) : undefined;
  const root = attrs({ id: doc.id, contentId: doc.contentId, name: doc.name, version: doc.version ?? '2.3' });
  const out: string[] = [`<?xml version="1.0" encoding="UTF-8"?>\n<CPIX xmlns="${NS.cpix}" xmlns:pskc="${NS.pskc}" xmlns:enc="${NS.enc}" xmlns:ds="${NS.ds}"${root}>`];
  if (documentKey !== undefined && macKey !== undefined) {
    out.push('<DeliveryDataList>');
    for (const r of recipients) {
      out.push(`<DeliveryData><DeliveryKey><ds:X509Data><ds:X509Certificate>${r.raw.toString('base64')}</ds:X509Certificate></ds:X509Data></DeliveryKey>`);
      out.push(`<DocumentKey Algorithm="${ALG.aes256Cbc}"><Data><pskc:Secret><pskc:EncryptedValue>${cipher(ALG.rsaOaepMgf1p, rsaOaepEncrypt(r.publicKey, documentKey))}</pskc:EncryptedValue></pskc:Secret></Data></DocumentKey>`);
      out.push(`<MACMethod Algorithm="${ALG.hmacSha512}"><Key>${cipher(ALG.rsaOaepMgf1p, rsaOaepEncrypt(r.publicKey, macKey))}</Key></MACMethod></DeliveryData>`);
    }
    out.push('</DeliveryDataList>');
  }
  if (doc.contentKeys.length > 0) {
    out.push('<ContentKeyList>');
    for (const k of doc.contentKeys) out.push(contentKey(k, documentKey, macKey));
    out.push('</ContentKeyList>');
  }
  list(out, 'DRMSystemList', doc.drmSystems ?? [], drmSystem);
  list(out, 'ContentKeyPeriodList', doc.keyPeriods ?? [], (p) => `<ContentKeyPeriod${attrs({ id: p.id, index: p.index, start: p.start, end: p.end })}/>`);
  list(out, 'ContentKeyUsageRuleList', doc.usageRules ?? [], usageRule);
  out.push('</CPIX>\n');
  return out.join('');
}

function contentKey(k: CpixContentKey, documentKey: Uint8Array | undefined, macKey: Uint8Array | undefined): string {
  const head = `<ContentKey${attrs({ id: k.id, kid: kidText(k.kid), explicitIV: b64(k.explicitIV), dependsOnKey: k.dependsOnKey, commonEncryptionScheme: k.commonEncryptionScheme })}`;
  if (k.key === undefined) return `${head}/>`;
  let secret: string;
  if (documentKey === undefined || macKey === undefined) secret = `<pskc:PlainValue>${b64(k.key)}</pskc:PlainValue>`;
  else {
    const encrypted = aes256CbcEncrypt(documentKey, k.key);
    secret = `<pskc:EncryptedValue>${cipher(ALG.aes256Cbc, encrypted)}</pskc:EncryptedValue><pskc:ValueMAC>${b64(valueMac(macKey, encrypted))}</pskc:ValueMAC>`;
  }
  return `${head}><Data><pskc:Secret>${secret}</pskc:Secret></Data></ContentKey>`;
}

function drmSystem(d: CpixDrmSystem): string {
  const text = (s: string | undefined): string | undefined => (s === undefined ? undefined : Buffer.from(s, 'utf8').toString('base64'));
  const parts = [
    element('PSSH', b64(d.pssh)),
    element('ContentProtectionData', text(d.contentProtectionData)),
    element('URIExtXKey', text(d.uriExtXKey)),
    element('HLSSignalingData', text(d.hlsSignalingData?.master), ' playlist="master"'),
    element('HLSSignalingData', text(d.hlsSignalingData?.media), ' playlist="media"'),
    element('SmoothStreamingProtectionHeaderData', text(d.smoothStreamingProtectionHeaderData)),
  ];
  return `<DRMSystem${attrs({ id: d.id, kid: kidText(d.kid), systemId: d.systemId })}>${parts.join('')}</DRMSystem>`;
}

function usageRule(r: CpixUsageRule): string {
  const parts: string[] = [];
  for (const f of r.keyPeriodFilter ?? []) parts.push(`<KeyPeriodFilter${attrs({ periodId: f.periodId })}/>`);
  for (const f of r.labelFilter ?? []) parts.push(`<LabelFilter${attrs({ label: f.label })}/>`);
  for (const f of r.videoFilter ?? []) parts.push(`<VideoFilter${attrs({ minPixels: f.minPixels, maxPixels: f.maxPixels, hdr: f.hdr, wcg: f.wcg, minFps: f.minFps, maxFps: f.maxFps })}/>`);
  for (const f of r.audioFilter ?? []) parts.push(`<AudioFilter${attrs({ minChannels: f.minChannels, maxChannels: f.maxChannels })}/>`);
  for (const f of r.bitrateFilter ?? []) parts.push(`<BitrateFilter${attrs({ minBitrate: f.minBitrate, maxBitrate: f.maxBitrate })}/>`);
  return `<ContentKeyUsageRule${attrs({ id: r.id, kid: kidText(r.kid), intendedTrackType: r.intendedTrackType })}>${parts.join('')}</ContentKeyUsageRule>`;
}

function list<T>(out: string[], name: string, items: readonly T[], write: (item: T) => string): void {
  if (items.length === 0) return;
  out.push(`<${name}>`, ...items.map(write), `</${name}>`);
}

function cipher(algorithm: string, data: Uint8Array): string {
  return `<enc:EncryptionMethod Algorithm="${algorithm}"/><enc:CipherData><enc:CipherValue>${b64(data)}</enc:CipherValue></enc:CipherData>`;
}

function element(name: string, value: string | undefined, extra = ''): string {
  return value === undefined ? '' : `<${name}${extra}>${value}</${name}>`;
}

function attrs(values: Readonly<Record<string, string | number | boolean | undefined>>): string {
  let s = '';
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (typeof value === 'number' && !Number.isSafeInteger(value)) throw drmError('CPIX_INVALID', `Expected an integer for CPIX attribute ${name}, got ${value}.`);
    s += ` ${name}="${String(value).replace(/[&<"\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`)}"`;
  }
  return s;
}

function b64(bytes: Uint8Array | undefined): string | undefined {
  return bytes === undefined ? undefined : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
