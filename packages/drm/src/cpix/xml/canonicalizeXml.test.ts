import { describe, expect, it } from 'vitest';
import { canonicalizeXml } from './canonicalizeXml.js';
import { readXml } from './readXml.js';
import type { XmlElement } from './XmlNode.js';

describe('canonicalizeXml', () => {
  const doc = readXml('<r xmlns="urn:d" xmlns:p="urn:p" xmlns:q="urn:q"><!-- c --><p:e  b="2" a="1&#xA;" p:z="&quot;"  >x&amp;y&#xD;</p:e><s/></r>');
  const e = doc.children.find((c): c is XmlElement => c.type === 'element' && c.localName === 'e');

  it('renders a whole document: sorted declarations and attributes, no comments, start/end pairs, fixed escapes', () => {
    expect(canonicalizeXml(doc)).toBe('<r xmlns="urn:d" xmlns:p="urn:p" xmlns:q="urn:q"><p:e a="1&#xA;" b="2" p:z="&quot;">x&amp;y&#xD;</p:e><s></s></r>');
  });

  it('gives a subset apex every in-scope namespace (inclusive) or only the used ones (exclusive)', () => {
    if (e === undefined) throw new Error('no e');
    expect(canonicalizeXml(e)).toBe('<p:e xmlns="urn:d" xmlns:p="urn:p" xmlns:q="urn:q" a="1&#xA;" b="2" p:z="&quot;">x&amp;y&#xD;</p:e>');
    expect(canonicalizeXml(e, { exclusive: true })).toBe('<p:e xmlns:p="urn:p" a="1&#xA;" b="2" p:z="&quot;">x&amp;y&#xD;</p:e>');
  });
});
