import type { XmlAttribute, XmlElement, XmlNode } from './XmlNode.js';

/** Options of {@link canonicalizeXml}. */
export interface CanonicalizeOptions {
  /** Exclusive XML Canonicalization 1.0 (only visibly utilised namespaces); default false = Canonical XML 1.0. */
  readonly exclusive?: boolean;
  /** Exclusive c14n `InclusiveNamespaces PrefixList` (prefixes rendered as in inclusive c14n; `#default` = ''). */
  readonly inclusivePrefixes?: readonly string[];
  /** Keep comments (the `#WithComments` variants); default false. */
  readonly withComments?: boolean;
  /** An element left out with its subtree (the enveloped-signature transform). */
  readonly exclude?: XmlElement;
}

/**
 * Canonical form of an element and its subtree (the document subset of an XMLDSig same-document reference), per
 * Canonical XML 1.0 (W3C REC-xml-c14n-20010315 §2) or Exclusive XML Canonicalization 1.0 (W3C REC-xml-exc-c14n §3):
 * namespace declarations sorted by prefix and rendered only where they change the output context, attributes sorted
 * by (namespace URI, local name), empty elements as start/end pairs, fixed escaping, comments dropped.
 * Limit: inherited `xml:*` attributes of the apex's ancestors are not copied onto the apex (CPIX does not use them).
 */
export function canonicalizeXml(element: XmlElement, options: CanonicalizeOptions = {}): string {
  const out: string[] = [];
  renderElement(element, new Map(), options, out);
  return out.join('');
}

function renderElement(el: XmlElement, context: ReadonlyMap<string, string>, options: CanonicalizeOptions, out: string[]): void {
  const declarations = namespacesToRender(el, context, options);
  const next = declarations.length === 0 ? context : new Map(context);
  let head = `<${el.name}`;
  for (const [prefix, uri] of declarations) {
    (next as Map<string, string>).set(prefix, uri);
    head += prefix === '' ? ` xmlns="${escapeAttribute(uri)}"` : ` xmlns:${prefix}="${escapeAttribute(uri)}"`;
  }
  for (const a of [...el.attributes].sort(compareAttributes)) head += ` ${a.name}="${escapeAttribute(a.value)}"`;
  out.push(`${head}>`);
  for (const child of el.children) renderChild(child, next, options, out);
  out.push(`</${el.name}>`);
}

function renderChild(node: XmlNode, context: ReadonlyMap<string, string>, options: CanonicalizeOptions, out: string[]): void {
  if (node.type === 'element') {
    if (node !== options.exclude) renderElement(node, context, options, out);
  } else if (node.type === 'text') out.push(escapeText(node.value));
  else if (node.type === 'pi') out.push(`<?${node.target}${node.data === '' ? '' : ` ${node.data}`}?>`);
  else if (options.withComments === true) out.push(`<!--${node.value}-->`);
}

/** [prefix, uri] pairs sorted by prefix ('' = default namespace first). */
function namespacesToRender(el: XmlElement, context: ReadonlyMap<string, string>, options: CanonicalizeOptions): [string, string][] {
  let candidates: Iterable<string>;
  if (options.exclusive === true) {
    const used = new Set<string>([el.prefix]);
    for (const a of el.attributes) if (a.prefix !== '') used.add(a.prefix);
    for (const p of options.inclusivePrefixes ?? []) {
      const prefix = p === '#default' ? '' : p;
      if (el.scope.has(prefix)) used.add(prefix);
    }
    candidates = used;
  } else candidates = el.scope.keys();
  const result: [string, string][] = [];
  for (const prefix of candidates) {
    if (prefix === 'xml') continue;
    const uri = el.scope.get(prefix) ?? '';
    const rendered = context.get(prefix) ?? '';
    // Rendered only where it changes the output context; so xmlns="" only undoes a non-empty default of the parent.
    if (uri === rendered) continue;
    if (prefix !== '' && uri === '') continue;
    result.push([prefix, uri]);
  }
  return result.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function compareAttributes(a: XmlAttribute, b: XmlAttribute): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.localName < b.localName ? -1 : a.localName > b.localName ? 1 : 0;
}

function escapeText(value: string): string {
  return value.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#xD;'));
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<"\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' })[c] ?? c);
}
