import { createHash, verify } from 'node:crypto';
import type { X509Certificate } from 'node:crypto';
import { checkCertificate, toCertificate } from '../keys/checkCertificate.js';
import { drmError } from '../keys/drmError.js';
import type { CpixSignature } from './CpixDocument.js';
import { parseBase64 } from './cpixValues.js';
import { canonicalizeXml } from './xml/canonicalizeXml.js';
import type { CanonicalizeOptions } from './xml/canonicalizeXml.js';
import type { XmlElement } from './xml/XmlNode.js';
import { NS, attributeOf, childElement, childElements, descendants, textOf } from './xml/xmlQuery.js';

const C14N: Readonly<Record<string, CanonicalizeOptions>> = {
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315': {},
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments': { withComments: true },
  'http://www.w3.org/2001/10/xml-exc-c14n#': { exclusive: true },
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments': { exclusive: true, withComments: true },
};
const DIGESTS: Readonly<Record<string, string>> = {
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};
const SIGNATURES: Readonly<Record<string, string>> = {
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': 'sha384',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': 'sha512',
};
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

/** Options of {@link verifyCpixSignatures}. */
export interface VerifySignaturesOptions {
  /** If given, every signer must be one of these certificates (else `CPIX_BAD_SIGNATURE`). */
  readonly trustedSigners?: readonly (X509Certificate | string | Uint8Array)[];
  readonly minRsaBits?: number;
  /** Most `ds:Signature` elements in a document (default 256; CPIX may sign each key, list and the document). */
  readonly maxSignatures?: number;
  /** Most `ds:Reference` elements in one signature (default 64). */
  readonly maxReferences?: number;
  /**
   * Most bytes canonicalised for digests over the whole document (default 64 MiB): each distinct referenced content
   * counts once, so a document whose signatures reference large content again and again is refused early.
   */
  readonly maxCanonicalBytes?: number;
}

/**
 * Verifies every XMLDSig `ds:Signature` of a CPIX document (W3C XMLDSig 1.1 §3.2 core validation): each reference's
 * digest over its canonical form (Canonical XML 1.0 or Exclusive c14n, enveloped-signature transform) and the RSA
 * signature over the canonical `SignedInfo`, with the certificate of `KeyInfo/X509Data`. Only same-document
 * references (`""`, `#id`) to uniquely identified elements are followed, so no signature wrapping or external fetch.
 * Throws `CPIX_BAD_SIGNATURE` (or `CPIX_WEAK_CERTIFICATE` for a weak signer); returns what each signature covers.
 *
 * The cheap checks come first, so a hostile document costs little before it is refused: the counts of signatures
 * and references are capped, and each signature's certificate (strength, trusted signers) and `SignatureValue` over
 * its small `SignedInfo` are checked before any referenced content is canonicalised; an element referenced many
 * times (with the same transforms) is canonicalised once.
 */
export function verifyCpixSignatures(root: XmlElement, options: VerifySignaturesOptions = {}): CpixSignature[] {
  const ids = idIndex(root);
  const trusted = options.trustedSigners?.map((c) => toCertificate(c, 'a trusted signer').fingerprint256);
  const maxSignatures = options.maxSignatures ?? 256;
  const maxReferences = options.maxReferences ?? 64;
  const signatures = [...descendants(root)].filter((e) => e.namespace === NS.ds && e.localName === 'Signature');
  if (signatures.length > maxSignatures) fail(`the document has ${signatures.length} signatures, more than the ${maxSignatures} accepted`);
  const canonicalForms: CanonicalCache = { forms: new Map(), bytes: 0, maxBytes: options.maxCanonicalBytes ?? 64 * 1024 * 1024 };
  const result: CpixSignature[] = [];
  for (const signature of signatures) {
    const signedInfo = need(childElement(signature, NS.ds, 'SignedInfo'), 'SignedInfo');
    const c14n = algorithmOf(signedInfo, 'CanonicalizationMethod', C14N);
    const hash = algorithmOf(signedInfo, 'SignatureMethod', SIGNATURES);
    const references = childElements(signedInfo, NS.ds, 'Reference');
    if (references.length === 0) fail('it has no Reference');
    if (references.length > maxReferences) fail(`it has ${references.length} references, more than the ${maxReferences} accepted`);
    const certificate = signerOf(signature, options.minRsaBits, trusted);
    const value = parseBase64(textOf(childElement(signature, NS.ds, 'SignatureValue')), 'SignatureValue');
    const signed = canonicalizeXml(signedInfo, c14n);
    if (!verify(hash, Buffer.from(signed, 'utf8'), certificate.publicKey, value)) fail(`its SignatureValue does not verify with the certificate of "${certificate.subject}"`);
    const covers: string[] = [];
    for (const reference of references) {
      const uri = attributeOf(reference, 'URI') ?? '';
      const target = uri === '' ? root : uri.startsWith('#') ? ids.get(uri.slice(1)) : undefined;
      if (target === undefined) fail(`its reference '${uri.slice(0, 60)}' does not point at exactly one element of this document`);
      let transform: CanonicalizeOptions = {};
      let exclude: XmlElement | undefined;
      const transforms = childElement(reference, NS.ds, 'Transforms');
      for (const t of transforms === undefined ? [] : childElements(transforms, NS.ds, 'Transform')) {
        const algorithm = attributeOf(t, 'Algorithm') ?? '';
        if (algorithm === ENVELOPED) exclude = signature;
        else if (C14N[algorithm] !== undefined) transform = { ...C14N[algorithm], ...inclusivePrefixes(t) };
        else fail(`its transform ${algorithm} is not supported`);
      }
      const digest = algorithmOf(reference, 'DigestMethod', DIGESTS);
      const actual = createHash(digest).update(canonicalOnce(canonicalForms, target, transform, exclude)).digest();
      const expected = parseBase64(textOf(childElement(reference, NS.ds, 'DigestValue')), 'DigestValue');
      if (!actual.equals(expected)) fail(`the digest of ${uri === '' ? 'the document' : uri} does not match: the signed content was changed after signing`);
      covers.push(uri === '' ? 'document' : target.localName);
    }
    result.push({ covers, certificate: Uint8Array.from(certificate.raw) });
  }
  return result;
}

/** The signer's certificate from `KeyInfo/X509Data`, checked for strength and, when given, against the trusted signers. */
function signerOf(signature: XmlElement, minRsaBits: number | undefined, trusted: readonly string[] | undefined): X509Certificate {
  const certText = textOf(childElement(childElement(childElement(signature, NS.ds, 'KeyInfo'), NS.ds, 'X509Data'), NS.ds, 'X509Certificate'));
  if (certText === undefined) fail('it carries no KeyInfo/X509Data/X509Certificate to verify it with');
  const certificate = toCertificate(parseBase64(certText, 'X509Certificate'), 'the signer certificate');
  checkCertificate(certificate, 'signer', minRsaBits);
  if (trusted !== undefined && !trusted.includes(certificate.fingerprint256)) fail(`its signer "${certificate.subject}" is not one of the trusted signers`);
  return certificate;
}

/** Canonical forms already computed (by referenced element, enveloped signature left out, options) and their bytes. */
interface CanonicalCache {
  readonly forms: Map<XmlElement, Map<XmlElement | undefined, Map<string, Buffer>>>;
  bytes: number;
  readonly maxBytes: number;
}

/** The UTF-8 canonical form of `target` (without `excluded`, the enveloped signature), computed once per combination. */
function canonicalOnce(cache: CanonicalCache, target: XmlElement, transform: CanonicalizeOptions, excluded: XmlElement | undefined): Buffer {
  let byExcluded = cache.forms.get(target);
  if (byExcluded === undefined) cache.forms.set(target, (byExcluded = new Map()));
  let forms = byExcluded.get(excluded);
  if (forms === undefined) byExcluded.set(excluded, (forms = new Map()));
  const key = JSON.stringify(transform);
  let form = forms.get(key);
  if (form === undefined) {
    form = Buffer.from(canonicalizeXml(target, { ...transform, ...(excluded ? { exclude: excluded } : {}) }), 'utf8');
    cache.bytes += form.length;
    if (cache.bytes > cache.maxBytes) fail(`its references make more than ${cache.maxBytes} bytes of content to digest`);
    forms.set(key, form);
  }
  return form;
}

/** Elements by unqualified `id`/`Id`/`ID`; an id used twice maps to undefined (never guess which one was signed). */
function idIndex(root: XmlElement): Map<string, XmlElement | undefined> {
  const ids = new Map<string, XmlElement | undefined>();
  for (const el of descendants(root)) {
    for (const a of el.attributes) {
      if (a.namespace !== '' || (a.localName !== 'id' && a.localName !== 'Id' && a.localName !== 'ID')) continue;
      ids.set(a.value, ids.has(a.value) ? undefined : el);
    }
  }
  return ids;
}

function inclusivePrefixes(transform: XmlElement): CanonicalizeOptions {
  const list = transform.children.find((c): c is XmlElement => c.type === 'element' && c.localName === 'InclusiveNamespaces');
  const prefixes = attributeOf(list, 'PrefixList');
  return prefixes === undefined ? {} : { inclusivePrefixes: prefixes.trim().split(/\s+/) };
}

function algorithmOf<T>(parent: XmlElement, local: string, table: Readonly<Record<string, T>>): T {
  const algorithm = attributeOf(childElement(parent, NS.ds, local), 'Algorithm') ?? '(none)';
  const found = table[algorithm];
  if (found === undefined) fail(`its ${local} ${algorithm} is not supported (expected one of ${Object.keys(table).join(', ')})`);
  return found;
}

function need(el: XmlElement | undefined, what: string): XmlElement {
  if (el === undefined) fail(`it has no ${what}`);
  return el;
}

function fail(why: string): never {
  throw drmError('CPIX_BAD_SIGNATURE', `A CPIX signature does not verify: ${why}. Refusing the document.`);
}

