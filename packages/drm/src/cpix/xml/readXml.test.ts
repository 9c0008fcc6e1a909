import { describe, expect, it } from 'vitest';
import { readXml } from './readXml.js';
import type { XmlElement } from './XmlNode.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('readXml', () => {
  it('resolves namespaces whatever the prefixes, and decodes predefined entities and character references', () => {
    const root = readXml('<a:X xmlns:a="urn:one" xmlns="urn:def"><Y b:k="&lt;&#x41;&#66;&amp;" xmlns:b="urn:b">t&gt;<![CDATA[<raw>]]></Y></a:X>');
    expect([root.localName, root.namespace]).toEqual(['X', 'urn:one']);
    const y = root.children[0] as XmlElement;
    expect([y.localName, y.namespace]).toEqual(['Y', 'urn:def']);
    expect(y.attributes[0]).toMatchObject({ localName: 'k', namespace: 'urn:b', value: '<AB&' });
    expect(y.children.map((c) => (c.type === 'text' ? c.value : ''))).toEqual(['t>', '<raw>']);
  });

  it('reads UTF-16 LE with a BOM and normalises CRLF line ends', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0" encoding="utf-16"?>\r\n<r>a\r\nb</r>', 'utf16le')]);
    const root = readXml(bytes);
    expect(root.children[0]).toEqual({ type: 'text', value: 'a\nb' });
  });

  it('refuses a DOCTYPE (and so every entity declaration) before reading anything', () => {
    const billionLaughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`;
    const external = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    expect(codeOf(() => readXml(billionLaughs))).toBe('CPIX_UNSAFE_XML');
    expect(codeOf(() => readXml(external))).toBe('CPIX_UNSAFE_XML');
    expect(codeOf(() => readXml('<r/><!DOCTYPE r>'))).toBe('CPIX_UNSAFE_XML');
  });

  it('refuses entity references other than the five predefined ones', () => {
    expect(codeOf(() => readXml('<r>&x;</r>'))).toBe('CPIX_UNSAFE_XML');
    expect(codeOf(() => readXml('<r a="&x;"/>'))).toBe('CPIX_UNSAFE_XML');
  });

  it('refuses a document over maxBytes before decoding it', () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x20);
    expect(codeOf(() => readXml(big))).toBe('CPIX_UNSAFE_XML');
    expect(codeOf(() => readXml('<r>0123456789</r>', { maxBytes: 10 }))).toBe('CPIX_UNSAFE_XML');
  });

  it('bounds nesting depth and attribute count', () => {
    expect(codeOf(() => readXml(`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`))).toBe('CPIX_UNSAFE_XML');
    const attrs = Array.from({ length: 100 }, (_, i) => `a${i}="x"`).join(' ');
    expect(codeOf(() => readXml(`<r ${attrs}/>`))).toBe('CPIX_UNSAFE_XML');
  });

  it('rejects malformed documents with CPIX_INVALID', () => {
    for (const bad of ['<a><b></a></b>', '<a>', '<a x="1" x="2"/>', '<p:a/>', 'text<a/>', '<a/><b/>', '<a>&#0;</a>', '<a>&lt</a>']) {
      expect(codeOf(() => readXml(bad)), bad).toBe('CPIX_INVALID');
    }
  });
});
