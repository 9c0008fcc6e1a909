const CPIX = 'urn:dashif:org:cpix';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

/** A CPIX document of ~`padBytes` whose signatures each reference the whole document `references` times. */
export function referenceBomb(signatures: number, references: number, padBytes: number): string {
  const reference = '<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms>' +
    '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference>';
  const signature = '<ds:Signature><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>' +
    `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>${reference.repeat(references)}</ds:SignedInfo>` +
    '<ds:SignatureValue>AAAA</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>AAAA</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>';
  const pad = `<ContentKeyList>${'<ContentKey kid="00000000-0000-0000-0000-000000000000"/>'.repeat(Math.ceil(padBytes / 55))}</ContentKeyList>`;
  return `<?xml version="1.0" encoding="UTF-8"?><CPIX xmlns="${CPIX}" xmlns:ds="${DS}">${pad}${signature.repeat(signatures)}</CPIX>`;
}

