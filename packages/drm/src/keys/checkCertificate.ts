import { X509Certificate } from 'node:crypto';
import { drmError } from './drmError.js';

/**
 * Minimum RSA modulus accepted for key transport and signatures: 3072 bits (NIST SP 800-57 Part 1 for protection
 * beyond 2030; also the minimum of Axinom.Cpix, which generated the DASH-IF test vectors whose `WeakCert_SmallKey`
 * has 2048 bits).
 */
export const MIN_RSA_BITS = 3072;

// DER of the signature AlgorithmIdentifier OIDs that rely on SHA-1 or MD5 (RFC 3279 §2.2).
const WEAK_SIGNATURE_OIDS: Readonly<Record<string, string>> = {
  '2a864886f70d010105': 'sha1WithRSAEncryption',
  '2b0e03021d': 'sha1WithRSASignature (OIW)',
  '2a864886f70d010104': 'md5WithRSAEncryption',
  '2a8648ce3d0401': 'ecdsa-with-SHA1',
  '2a8648ce380403': 'dsa-with-sha1',
};

/** A certificate from PEM text, DER bytes, base64 DER (as in `ds:X509Certificate`) or an `X509Certificate`. */
export function toCertificate(cert: X509Certificate | string | Uint8Array, what: string): X509Certificate {
  if (cert instanceof X509Certificate) return cert;
  try {
    if (typeof cert !== 'string') return new X509Certificate(cert);
    if (cert.includes('-----BEGIN')) return new X509Certificate(cert);
    return new X509Certificate(Buffer.from(cert.replace(/\s+/g, ''), 'base64'));
  } catch (error) {
    throw drmError('CPIX_INVALID', `Expected ${what} to be an X.509 certificate (PEM or DER), could not parse it.`, undefined, error);
  }
}

/**
 * Refuses certificates too weak to protect content keys: RSA keys under `minRsaBits` (default {@link MIN_RSA_BITS}) and SHA-1/MD5 certificate
 * signatures (`CPIX_WEAK_CERTIFICATE`). `role` names the use in the message ("recipient", "signer").
 */
export function checkCertificate(cert: X509Certificate, role: string, minRsaBits = MIN_RSA_BITS): void {
  const key = cert.publicKey;
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (key.asymmetricKeyType === 'rsa' && (bits === undefined || bits < minRsaBits)) {
    throw drmError('CPIX_WEAK_CERTIFICATE', `Expected the ${role} certificate "${cert.subject}" to have an RSA key of at least ${minRsaBits} bits, got ${bits ?? 'unknown'} bits; issue a new certificate.`, { role, subject: cert.subject, bits });
  }
  const algorithm = signatureAlgorithmOid(cert.raw);
  const weak = algorithm === undefined ? undefined : WEAK_SIGNATURE_OIDS[algorithm];
  if (weak !== undefined) {
    throw drmError('CPIX_WEAK_CERTIFICATE', `Expected the ${role} certificate "${cert.subject}" to be signed with SHA-256 or stronger, got ${weak}; issue a new certificate.`, { role, subject: cert.subject, signatureAlgorithm: weak });
  }
}

/**
 * Hex of the outer `signatureAlgorithm` OID of a DER certificate (RFC 5280 §4.1: SEQUENCE { tbsCertificate,
 * signatureAlgorithm, signatureValue }). X509Certificate has `signatureAlgorithmOid` only from Node 24 (not in 22.12,
 * which `engines` admits).
 */
function signatureAlgorithmOid(der: Uint8Array): string | undefined {
  const outer = readTlv(der, 0);
  if (outer?.tag !== 0x30) return undefined;
  const tbs = readTlv(der, outer.start);
  if (tbs === undefined) return undefined;
  const algorithm = readTlv(der, tbs.end);
  if (algorithm?.tag !== 0x30) return undefined;
  const oid = readTlv(der, algorithm.start);
  if (oid?.tag !== 0x06) return undefined;
  return Buffer.from(der.subarray(oid.start, oid.end)).toString('hex');
}

function readTlv(der: Uint8Array, at: number): { tag: number; start: number; end: number } | undefined {
  const tag = der[at];
  let lengthByte = der[at + 1];
  if (tag === undefined || lengthByte === undefined) return undefined;
  let start = at + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count === 0 || count > 4) return undefined;
    length = 0;
    for (let i = 0; i < count; i += 1) {
      lengthByte = der[start + i];
      if (lengthByte === undefined) return undefined;
      length = length * 256 + lengthByte;
    }
    start += count;
  }
  const end = start + length;
  return end > der.byteLength ? undefined : { tag, start, end };
}
