import { createPublicKey } from 'node:crypto';
import type { KeyObject, X509Certificate } from 'node:crypto';
import { checkCertificate, toCertificate } from '../keys/checkCertificate.js';
import { drmError } from '../keys/drmError.js';
import { ALG, aes256CbcDecrypt, rsaOaepDecrypt } from './cpixCrypto.js';
import { parseBase64 } from './cpixValues.js';
import type { XmlElement } from './xml/XmlNode.js';
import { NS, attributeOf, childElement, childElements, textOf } from './xml/xmlQuery.js';

/** The decrypted document key and MAC key of the `DeliveryData` addressed to one recipient. */
export interface DeliveryKeys {
  readonly documentKey: Uint8Array;
  readonly macKey: Uint8Array | undefined;
}

/**
 * Finds the `DeliveryData` whose `DeliveryKey` certificate holds the public half of `privateKey` and decrypts its
 * document key (RSA-OAEP) and MAC key (CPIX 2.3 §4.3.3). The recipient certificate is checked for weakness first.
 */
export function openDeliveryData(root: XmlElement, privateKey: KeyObject, minRsaBits?: number): DeliveryKeys {
  const ours = spki(createPublicKey(privateKey));
  const list = childElement(root, NS.cpix, 'DeliveryDataList');
  const entries = list === undefined ? [] : childElements(list, NS.cpix, 'DeliveryData');
  for (const entry of entries) {
    const certificate = deliveryCertificate(entry);
    if (certificate === undefined || !spki(certificate.publicKey).equals(ours)) continue;
    checkCertificate(certificate, 'recipient', minRsaBits);
    const documentKeyValue = encryptedValue(childElement(childElement(childElement(entry, NS.cpix, 'DocumentKey'), NS.cpix, 'Data'), NS.pskc, 'Secret'));
    if (documentKeyValue === undefined) throw drmError('CPIX_INVALID', 'Expected DeliveryData/DocumentKey/Data/Secret/EncryptedValue, found none.');
    if (documentKeyValue.algorithm !== ALG.rsaOaepMgf1p) throw drmError('DRM_UNSUPPORTED', `Expected the document key encrypted with ${ALG.rsaOaepMgf1p}, got ${documentKeyValue.algorithm ?? 'no algorithm'}.`);
    const documentKey = rsaOaepDecrypt(privateKey, documentKeyValue.cipher, 'document key');
    if (documentKey.byteLength !== 32) throw drmError('CPIX_INVALID', `Expected a 32-byte AES-256 document key, got ${documentKey.byteLength} bytes.`);
    const macMethod = childElement(entry, NS.cpix, 'MACMethod');
    let macKey: Uint8Array | undefined;
    if (macMethod !== undefined) {
      const algorithm = attributeOf(macMethod, 'Algorithm');
      if (algorithm !== ALG.hmacSha512) throw drmError('DRM_UNSUPPORTED', `Expected MACMethod ${ALG.hmacSha512}, got ${algorithm ?? 'none'}.`);
      const mac = encryptedValue(childElement(macMethod, NS.cpix, 'Key'));
      if (mac === undefined) throw drmError('CPIX_INVALID', 'Expected MACMethod/Key with an encrypted MAC key, found none.');
      // The MAC key is RSA-wrapped for the recipient (as Axinom.Cpix writes it) or AES-wrapped with the document key.
      macKey = mac.algorithm === ALG.aes256Cbc ? aes256CbcDecrypt(documentKey, mac.cipher, 'MAC key') : rsaOaepDecrypt(privateKey, mac.cipher, 'MAC key');
    }
    return { documentKey, macKey };
  }
  throw drmError('CPIX_INVALID', `Expected a DeliveryData entry for the recipient's key among ${entries.length} recipients, found none; the keys were encrypted for someone else.`, { recipients: entries.length });
}

/** The certificate of a `DeliveryData/DeliveryKey/ds:X509Data/ds:X509Certificate`. */
export function deliveryCertificate(entry: XmlElement): X509Certificate | undefined {
  const text = textOf(childElement(childElement(childElement(entry, NS.cpix, 'DeliveryKey'), NS.ds, 'X509Data'), NS.ds, 'X509Certificate'));
  return text === undefined ? undefined : toCertificate(parseBase64(text, 'DeliveryKey/X509Certificate'), 'a DeliveryKey certificate');
}

/** `EncryptionMethod@Algorithm` + `CipherData/CipherValue` of an `EncryptedValue`-shaped element (or its parent). */
export function encryptedValue(el: XmlElement | undefined): { algorithm: string | undefined; cipher: Uint8Array } | undefined {
  const holder = childElement(el, NS.pskc, 'EncryptedValue') ?? el;
  const value = textOf(childElement(childElement(holder, NS.enc, 'CipherData'), NS.enc, 'CipherValue'));
  if (value === undefined) return undefined;
  return { algorithm: attributeOf(childElement(holder, NS.enc, 'EncryptionMethod'), 'Algorithm'), cipher: parseBase64(value, 'CipherValue') };
}

function spki(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}
