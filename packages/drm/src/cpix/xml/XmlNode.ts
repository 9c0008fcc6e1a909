/** An attribute of an {@link XmlElement} (namespace declarations are kept apart in `namespaceDeclarations`). */
export interface XmlAttribute {
  /** Qualified name as written (`pskc:foo`, `kid`). */
  readonly name: string;
  readonly localName: string;
  readonly prefix: string;
  /** Namespace URI; `''` for an unprefixed attribute (attributes do not take the default namespace). */
  readonly namespace: string;
  readonly value: string;
}

/** A text node (CDATA sections become text; line ends are normalised to LF as XML 1.0 §2.11 requires). */
export interface XmlText {
  readonly type: 'text';
  readonly value: string;
}

/** A comment (kept so that canonicalisation can drop it explicitly). */
export interface XmlComment {
  readonly type: 'comment';
  readonly value: string;
}

/** A processing instruction inside the document element. */
export interface XmlProcessingInstruction {
  readonly type: 'pi';
  readonly target: string;
  readonly data: string;
}

/** A namespace-resolved element of a document read by `readXml`. */
export interface XmlElement {
  readonly type: 'element';
  /** Qualified name as written. */
  readonly name: string;
  readonly localName: string;
  readonly prefix: string;
  /** Namespace URI (`''` when none). */
  readonly namespace: string;
  readonly attributes: readonly XmlAttribute[];
  /** `xmlns` / `xmlns:p` declared on this element, in document order (`prefix` `''` for the default namespace). */
  readonly namespaceDeclarations: readonly { readonly prefix: string; readonly uri: string }[];
  /** Every namespace binding in scope here (prefix → URI; `''` is the default namespace, absent or `''` when none). */
  readonly scope: ReadonlyMap<string, string>;
  readonly children: readonly XmlNode[];
  readonly parent: XmlElement | undefined;
}

export type XmlNode = XmlElement | XmlText | XmlComment | XmlProcessingInstruction;
