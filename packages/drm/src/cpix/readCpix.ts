import { KeyObject, createPrivateKey } from 'node:crypto';
import type { X509Certificate } from 'node:crypto';
import { drmError } from '../keys/drmError.js';
import type { CpixContentKey, CpixDocument } from './CpixDocument.js';
import { ALG, aes256CbcDecrypt, checkValueMac } from './cpixCrypto.js';
import { kidText, parseBase64, parseKid } from './cpixValues.js';
import { encryptedValue, openDeliveryData } from './openDeliveryData.js';
import type { DeliveryKeys } from './openDeliveryData.js';
import { optional, readDrmSystems, readKeyPeriods, readRecipients, readUsageRules } from './readCpixLists.js';
import { verifyCpixSignatures } from './verifyCpixSignatures.js';
import { readXml } from './xml/readXml.js';
import type { XmlLimits } from './xml/readXml.js';
import type { XmlElement } from './xml/XmlNode.js';
import { NS, attributeOf, childElement, childElements, textOf } from './xml/xmlQuery.js';

/** Options of {@link readCpix}. */
export interface ReadCpixOptions extends XmlLimits {
  /** Private key of a recipient (KeyObject or PEM) to decrypt encrypted content keys; without it they stay absent. */
  readonly recipientKey?: KeyObject | string | Uint8Array;
  /**
   * XML signatures: `'if-present'` (default) verifies every `ds:Signature` found and refuses the document if one
   * fails; `'require'` also refuses unsigned documents; `'skip'` ignores them.
   */
  readonly verifySignatures?: 'if-present' | 'require' | 'skip';
  /** With signature verification: the signer must be one of these certificates. */
  readonly trustedSigners?: readonly (X509Certificate | string | Uint8Array)[];
  /** Smallest RSA key accepted for recipients and signers (default 3072 bits). */
  readonly minRsaBits?: number;
}

/**
 * Reads a CPIX 2.3 document (also 2.0–2.2, which it extends): content keys, DRM systems, key periods, usage rules,
 * recipients; decrypts encrypted content keys for `recipientKey` (RSA-OAEP document key, AES-256-CBC keys checked with
 * their HMAC-SHA512 MAC first) and verifies XML signatures. The XML is read by {@link readXml}: no DTD or entity is
 * ever processed. Errors (`CPIX_INVALID`, `CPIX_UNSAFE_XML`, `CPIX_BAD_MAC`, `CPIX_BAD_SIGNATURE`,
 * `CPIX_WEAK_CERTIFICATE`) name key ids, never key values.
 *
 * @example
 * ```ts
 * const doc = readCpix(await readFile('keys.xml'), { recipientKey: await readFile('me.key.pem', 'utf8') });
 * doc.contentKeys[0]?.key; // Uint8Array(16)
 * ```
 */
export function readCpix(input: string | Uint8Array, options: ReadCpixOptions = {}): CpixDocument {
  const root = readXml(input, options);
  if (root.namespace !== NS.cpix || root.localName !== 'CPIX') {
    throw drmError('CPIX_INVALID', `Expected a CPIX document (element CPIX in ${NS.cpix}), got <${root.name}> in '${root.namespace}'.`);
  }
  const mode = options.verifySignatures ?? 'if-present';
  const signatures = mode === 'skip' ? undefined : verifyCpixSignatures(root, {
    ...(options.trustedSigners ? { trustedSigners: options.trustedSigners } : {}),
    ...(options.minRsaBits === undefined ? {} : { minRsaBits: options.minRsaBits }),
  });
  if (mode === 'require' && signatures?.length === 0) throw drmError('CPIX_BAD_SIGNATURE', 'Expected a signed CPIX document (verifySignatures: require), found no ds:Signature.');
  const { recipientKey } = options;
  let delivery: DeliveryKeys | undefined;
  // Opened on the first encrypted key only: a recipient key given for a document of clear keys is not an error.
  const open = recipientKey === undefined ? undefined : (): DeliveryKeys => (delivery ??= openDeliveryData(root, toPrivateKey(recipientKey), options.minRsaBits));
  const keyList = childElement(root, NS.cpix, 'ContentKeyList');
  return {
    ...optional('id', attributeOf(root, 'id')),
    ...optional('contentId', attributeOf(root, 'contentId')),
    ...optional('name', attributeOf(root, 'name')),
    ...optional('version', attributeOf(root, 'version')),
    contentKeys: keyList === undefined ? [] : childElements(keyList, NS.cpix, 'ContentKey').map((el) => readContentKey(el, open)),
    drmSystems: readDrmSystems(root),
    keyPeriods: readKeyPeriods(root),
    usageRules: readUsageRules(root),
    recipients: readRecipients(root),
    ...(signatures === undefined || signatures.length === 0 ? {} : { signatures }),
  };
}

function readContentKey(el: XmlElement, open: (() => DeliveryKeys) | undefined): CpixContentKey {
  const kid = parseKid(attributeOf(el, 'kid'), 'ContentKey');
  const explicitIV = attributeOf(el, 'explicitIV');
  const secret = childElement(childElement(el, NS.cpix, 'Data'), NS.pskc, 'Secret');
  return {
    kid,
    ...optional('id', attributeOf(el, 'id')),
    ...optional('key', secretValue(secret, kidText(kid), open)),
    ...optional('explicitIV', explicitIV === undefined ? undefined : parseIv(explicitIV)),
    ...optional('commonEncryptionScheme', attributeOf(el, 'commonEncryptionScheme')),
    ...optional('dependsOnKey', attributeOf(el, 'dependsOnKey')),
  };
}

/** A `pskc:Secret`: `PlainValue`, or `EncryptedValue` + `ValueMAC` decrypted when the recipient's keys are known. */
function secretValue(secret: XmlElement | undefined, kid: string, open: (() => DeliveryKeys) | undefined): Uint8Array | undefined {
  const plain = textOf(childElement(secret, NS.pskc, 'PlainValue'));
  if (plain !== undefined) return parseBase64(plain, `the PlainValue of content key ${kid}`);
  const encrypted = encryptedValue(secret);
  if (encrypted === undefined || open === undefined) return undefined;
  const delivery = open();
  if (encrypted.algorithm !== ALG.aes256Cbc) throw drmError('DRM_UNSUPPORTED', `Expected content key ${kid} encrypted with ${ALG.aes256Cbc}, got ${encrypted.algorithm ?? 'no algorithm'}.`, { kid });
  const mac = textOf(childElement(secret, NS.pskc, 'ValueMAC'));
  if (delivery.macKey !== undefined) {
    if (mac === undefined) throw drmError('CPIX_BAD_MAC', `Expected a ValueMAC for the encrypted content key ${kid}, found none.`, { kid });
    checkValueMac(delivery.macKey, encrypted.cipher, parseBase64(mac, 'ValueMAC'), kid);
  }
  return Uint8Array.from(aes256CbcDecrypt(delivery.documentKey, encrypted.cipher, `content key ${kid}`));
}

/** `explicitIV` is base64 (CPIX 2.3 §5.3.3); some generators write the 16 bytes as a UUID, accepted too. */
function parseIv(value: string): Uint8Array {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value.trim()) ? parseKid(value, 'ContentKey@explicitIV') : parseBase64(value, 'ContentKey@explicitIV');
}

function toPrivateKey(key: KeyObject | string | Uint8Array): KeyObject {
  if (key instanceof KeyObject) return key;
  try {
    return createPrivateKey(typeof key === 'string' ? key : Buffer.from(key));
  } catch (error) {
    throw drmError('DRM_INVALID_KEY', 'Expected recipientKey as a private key (KeyObject or PEM), could not parse it.', undefined, error);
  }
}
