import type { XmlElement } from './XmlNode.js';

/** Namespaces of the CPIX vocabulary (DASH-IF CPIX 2.3 §5). */
export const NS = {
  cpix: 'urn:dashif:org:cpix',
  pskc: 'urn:ietf:params:xml:ns:keyprov:pskc',
  enc: 'http://www.w3.org/2001/04/xmlenc#',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

/** Child elements of `el` with namespace `ns` and local name `local`. */
export function childElements(el: XmlElement, ns: string, local: string): XmlElement[] {
  const result: XmlElement[] = [];
  for (const c of el.children) if (c.type === 'element' && c.localName === local && c.namespace === ns) result.push(c);
  return result;
}

/** The first child element of that name, if any. */
export function childElement(el: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  if (el === undefined) return undefined;
  for (const c of el.children) if (c.type === 'element' && c.localName === local && c.namespace === ns) return c;
  return undefined;
}

/** Concatenated text content of an element's direct text children. */
export function textOf(el: XmlElement | undefined): string | undefined {
  if (el === undefined) return undefined;
  let text = '';
  for (const c of el.children) if (c.type === 'text') text += c.value;
  return text;
}

/** An unqualified attribute's value. */
export function attributeOf(el: XmlElement | undefined, name: string): string | undefined {
  return el?.attributes.find((a) => a.namespace === '' && a.localName === name)?.value;
}

/** Every element of the subtree (document order), the root included. */
export function* descendants(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) if (c.type === 'element') yield* descendants(c);
}
