import { drmError } from '../../keys/drmError.js';
import type { XmlAttribute, XmlElement, XmlNode } from './XmlNode.js';
import { decodeXmlBytes } from './decodeXmlBytes.js';

/** Limits of {@link readXml}; every one is checked before the work it bounds. */
export interface XmlLimits {
  /** Largest document accepted, in bytes (a string counts its UTF-8 length); default 10 MB. */
  readonly maxBytes?: number;
  /** Deepest element nesting; default 64. */
  readonly maxDepth?: number;
  /** Most attributes (namespace declarations included) on one element; default 64. */
  readonly maxAttributes?: number;
}

export const DEFAULT_MAX_XML_BYTES = 10 * 1024 * 1024;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.\-:\u00B7-\uFFFF]*/y;
const SPACE = /[ \t\n\r]*/y;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

interface MutableElement extends XmlElement {
  children: XmlNode[];
}

/**
 * A strict, namespace-aware XML 1.0 reader for untrusted key documents. It never processes a DTD: `<!DOCTYPE`, and so
 * any entity declaration, external entity or entity expansion ("billion laughs"), is refused with `CPIX_UNSAFE_XML`;
 * only the five predefined entities and numeric character references are decoded. Size is checked before any
 * decoding, depth and attribute count while reading, so memory stays proportional to an accepted document.
 * Malformed input fails with `CPIX_INVALID` naming the line.
 *
 * @example
 * ```ts
 * const root = readXml(await readFile('keys.cpix.xml')); // Buffer: BOM / UTF-16 detected
 * root.localName; // 'CPIX'
 * ```
 */
export function readXml(input: string | Uint8Array, limits: XmlLimits = {}): XmlElement {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > maxBytes) {
    throw drmError('CPIX_UNSAFE_XML', `Expected an XML document of at most ${maxBytes} bytes, got ${size} bytes; refused before parsing (raise maxBytes if this document is trusted).`, { reason: 'too-large', size, maxBytes });
  }
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeXmlBytes(input);
  return new XmlReader(text, limits.maxDepth ?? 64, limits.maxAttributes ?? 64).read();
}

class XmlReader {
  private i = 0;
  private readonly stack: MutableElement[] = [];
  private root: MutableElement | undefined;

  constructor(private readonly s: string, private readonly maxDepth: number, private readonly maxAttributes: number) {}

  read(): XmlElement {
    const { s } = this;
    if (s.startsWith('<?xml', 0) && /[ \t\r\n]/.test(s[5] ?? '')) this.declaration();
    while (this.i < s.length) {
      const lt = s.indexOf('<', this.i);
      const end = lt < 0 ? s.length : lt;
      if (end > this.i) this.text(s.slice(this.i, end));
      if (lt < 0) break;
      this.i = lt;
      if (s.startsWith('<!--', lt)) this.comment();
      else if (s.startsWith('<![CDATA[', lt)) this.cdata();
      else if (s.startsWith('<!', lt)) {
        const doctype = /^<!DOCTYPE/i.test(s.slice(lt, lt + 9));
        throw drmError('CPIX_UNSAFE_XML', `Expected no DTD in a key document, found '${doctype ? '<!DOCTYPE' : s.slice(lt, lt + 9)}' at line ${this.line()}; DTDs, entity declarations and external entities are never processed.`, { reason: doctype ? 'doctype' : 'markup-declaration' });
      } else if (s.startsWith('<?', lt)) this.processingInstruction();
      else if (s.startsWith('</', lt)) this.endTag();
      else this.startTag();
    }
    if (this.stack.length > 0) this.fail(`Expected </${this.stack[this.stack.length - 1]?.name}> before the end of the document`);
    if (this.root === undefined) this.fail('Expected a document element, found none');
    return this.root;
  }

  private declaration(): void {
    const end = this.s.indexOf('?>');
    if (end < 0) this.fail('Unterminated XML declaration');
    const encoding = /encoding\s*=\s*["']([^"']*)["']/.exec(this.s.slice(0, end))?.[1];
    if (encoding !== undefined && !/^utf-?(8|16)$/i.test(encoding)) this.fail(`Expected encoding UTF-8 or UTF-16, got '${encoding}'`);
    this.i = end + 2;
  }

  private text(raw: string): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) {
      if (/[^ \t\r\n]/.test(raw)) this.fail('Expected only markup outside the document element, found text');
      return;
    }
    parent.children.push({ type: 'text', value: this.decode(raw.replace(/\r\n?/g, '\n'), false) });
  }

  private comment(): void {
    const end = this.s.indexOf('-->', this.i + 4);
    if (end < 0) this.fail('Unterminated comment');
    const value = this.s.slice(this.i + 4, end);
    if (value.includes('--')) this.fail("Expected no '--' inside a comment");
    this.stack[this.stack.length - 1]?.children.push({ type: 'comment', value: value.replace(/\r\n?/g, '\n') });
    this.i = end + 3;
  }

  private cdata(): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) this.fail('Expected CDATA only inside an element');
    const end = this.s.indexOf(']]>', this.i + 9);
    if (end < 0) this.fail('Unterminated CDATA section');
    parent.children.push({ type: 'text', value: this.s.slice(this.i + 9, end).replace(/\r\n?/g, '\n') });
    this.i = end + 3;
  }

  private processingInstruction(): void {
    this.i += 2;
    const target = this.name();
    const end = this.s.indexOf('?>', this.i);
    if (end < 0) this.fail('Unterminated processing instruction');
    if (target.toLowerCase() === 'xml') this.fail('Expected the XML declaration only at the very start of the document');
    const data = this.s.slice(this.i, end).replace(/^[ \t\r\n]+/, '').replace(/\r\n?/g, '\n');
    this.stack[this.stack.length - 1]?.children.push({ type: 'pi', target, data });
    this.i = end + 2;
  }

  private endTag(): void {
    this.i += 2;
    const name = this.name();
    this.space();
    if (this.s[this.i] !== '>') this.fail(`Expected '>' to close </${name}`);
    this.i += 1;
    const open = this.stack.pop();
    if (open?.name !== name) this.fail(`Expected </${open?.name ?? '(none)'}>, found </${name}>`);
  }

  private startTag(): void {
    this.i += 1;
    const name = this.name();
    const raw: { name: string; value: string }[] = [];
    for (;;) {
      const before = this.i;
      this.space();
      const c = this.s[this.i];
      if (c === '>' || c === '/') break;
      if (this.i === before) this.fail(`Expected whitespace between attributes of <${name}>`);
      const attr = this.name();
      this.space();
      if (this.s[this.i] !== '=') this.fail(`Expected '=' after attribute ${attr} of <${name}>`);
      this.i += 1;
      this.space();
      const quote = this.s[this.i];
      if (quote !== '"' && quote !== "'") this.fail(`Expected a quoted value for attribute ${attr} of <${name}>`);
      const close = this.s.indexOf(quote, this.i + 1);
      if (close < 0) this.fail(`Unterminated value of attribute ${attr}`);
      const value = this.s.slice(this.i + 1, close);
      if (value.includes('<')) this.fail(`Expected no '<' in the value of attribute ${attr}`);
      if (raw.some((a) => a.name === attr)) this.fail(`Attribute ${attr} repeated on <${name}>`);
      raw.push({ name: attr, value: this.decode(value.replace(/\r\n?/g, '\n').replace(/[\t\n]/g, ' '), true) });
      if (raw.length > this.maxAttributes) {
        throw drmError('CPIX_UNSAFE_XML', `Expected at most ${this.maxAttributes} attributes on an element, <${name}> at line ${this.line()} has more.`, { reason: 'too-many-attributes' });
      }
      this.i = close + 1;
    }
    const selfClosing = this.s[this.i] === '/';
    if (selfClosing && this.s[this.i + 1] !== '>') this.fail(`Expected '/>' to close <${name}`);
    this.i += selfClosing ? 2 : 1;
    const element = this.element(name, raw);
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) {
      if (this.root !== undefined) this.fail('Expected a single document element, found a second one');
      this.root = element;
    } else parent.children.push(element);
    if (!selfClosing) {
      if (this.stack.length >= this.maxDepth) {
        throw drmError('CPIX_UNSAFE_XML', `Expected elements nested at most ${this.maxDepth} deep, found deeper nesting at line ${this.line()}.`, { reason: 'too-deep' });
      }
      this.stack.push(element);
    }
  }

  private element(name: string, raw: readonly { name: string; value: string }[]): MutableElement {
    const parent = this.stack[this.stack.length - 1];
    const declarations: { prefix: string; uri: string }[] = [];
    for (const a of raw) {
      if (a.name === 'xmlns') declarations.push({ prefix: '', uri: a.value });
      else if (a.name.startsWith('xmlns:')) {
        const prefix = a.name.slice(6);
        if (a.value === '' || prefix === 'xmlns' || (prefix === 'xml') !== (a.value === XML_NS) || a.value === XMLNS_NS) this.fail(`Namespace declaration ${a.name}="${a.value}" is not allowed`);
        declarations.push({ prefix, uri: a.value });
      }
    }
    let scope: Map<string, string>;
    if (declarations.length === 0 && parent !== undefined) scope = parent.scope as Map<string, string>;
    else {
      scope = new Map(parent?.scope ?? [['xml', XML_NS]]);
      for (const d of declarations) scope.set(d.prefix, d.uri);
    }
    const attributes: XmlAttribute[] = [];
    const expanded = new Set<string>();
    for (const a of raw) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
      const { prefix, localName } = this.split(a.name);
      const namespace = prefix === '' ? '' : this.resolve(scope, prefix, a.name);
      const key = `${namespace} ${localName}`;
      if (expanded.has(key)) this.fail(`Attribute ${a.name} repeated (same namespace and local name) on <${name}>`);
      expanded.add(key);
      attributes.push({ name: a.name, prefix, localName, namespace, value: a.value });
    }
    const { prefix, localName } = this.split(name);
    const namespace = prefix === '' ? (scope.get('') ?? '') : this.resolve(scope, prefix, name);
    return { type: 'element', name, prefix, localName, namespace, attributes, namespaceDeclarations: declarations, scope, children: [], parent };
  }

  private split(qname: string): { prefix: string; localName: string } {
    const colon = qname.indexOf(':');
    if (colon < 0) return { prefix: '', localName: qname };
    const localName = qname.slice(colon + 1);
    if (colon === 0 || localName === '' || localName.includes(':')) this.fail(`Expected a qualified name prefix:local, got '${qname}'`);
    return { prefix: qname.slice(0, colon), localName };
  }

  private resolve(scope: ReadonlyMap<string, string>, prefix: string, qname: string): string {
    const uri = scope.get(prefix);
    if (uri === undefined || uri === '') this.fail(`Namespace prefix '${prefix}' of ${qname} is not declared`);
    return uri;
  }

  /** Decodes the five predefined entities and character references; refuses every other entity reference. */
  private decode(raw: string, attribute: boolean): string {
    if (!raw.includes('&')) return raw;
    return raw.replace(/&([^&;]{0,32})(;?)/g, (_match, ref: string, semi: string) => {
      if (semi !== ';') this.fail(`Expected ';' to end the reference '&${ref.slice(0, 12)}'`);
      const predefined = PREDEFINED[ref];
      if (predefined !== undefined) return predefined;
      const code = /^#x[0-9a-fA-F]{1,6}$/.test(ref) ? parseInt(ref.slice(2), 16) : /^#[0-9]{1,7}$/.test(ref) ? parseInt(ref.slice(1), 10) : -1;
      if (code < 0) {
        throw drmError('CPIX_UNSAFE_XML', `Expected only the predefined entities and character references, found the entity reference '&${ref};'${attribute ? ' in an attribute' : ''} at line ${this.line()}; entities are never expanded.`, { reason: 'entity-reference' });
      }
      const legal = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
      if (!legal) this.fail(`Character reference &${ref}; is not a legal XML character`);
      return String.fromCodePoint(code);
    });
  }

  private name(): string {
    NAME.lastIndex = this.i;
    const match = NAME.exec(this.s);
    if (match === null) this.fail(`Expected a name at '${this.s.slice(this.i, this.i + 10)}'`);
    this.i += match[0].length;
    return match[0];
  }

  private space(): void {
    SPACE.lastIndex = this.i;
    SPACE.exec(this.s);
    this.i = SPACE.lastIndex;
  }

  private line(): number {
    let line = 1;
    for (let p = this.s.indexOf('\n'); p >= 0 && p < this.i; p = this.s.indexOf('\n', p + 1)) line += 1;
    return line;
  }

  private fail(what: string): never {
    throw drmError('CPIX_INVALID', `Malformed XML: ${what} (line ${this.line()}).`, { line: this.line() });
  }
}
