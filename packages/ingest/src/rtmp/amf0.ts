/**
 * AMF0 (Adobe "Action Message Format -- AMF 0", 2006), the encoding of RTMP commands (message type 20) and data
 * messages such as `@setDataFrame`/`onMetaData` (type 18). Objects, ECMA arrays and typed objects all decode to plain
 * objects; strict arrays to arrays; references (§2.9) resolve to the object they point at.
 */

/** A decoded AMF0 value. */
export type Amf0Value = number | boolean | string | null | undefined | Date | Amf0Value[] | Amf0Object;

/** An AMF0 object (also what ECMA arrays and typed objects decode to). */
export interface Amf0Object {
  [key: string]: Amf0Value;
}

/** AMF0 type markers (§2.1). */
const MARKER = {
  number: 0x00,
  boolean: 0x01,
  string: 0x02,
  object: 0x03,
  null: 0x05,
  undefined: 0x06,
  reference: 0x07,
  ecmaArray: 0x08,
  objectEnd: 0x09,
  strictArray: 0x0a,
  date: 0x0b,
  longString: 0x0c,
  unsupported: 0x0d,
  xmlDocument: 0x0f,
  typedObject: 0x10,
  avmplus: 0x11,
} as const;

/** Deeper nesting than this is refused: commands and metadata are shallow, and recursion is attacker-controlled. */
const MAX_DEPTH = 32;

/** Encodes values one after the other (a command is `name, transactionId, commandObject, ...args`). */
export function encodeAmf0(values: readonly Amf0Value[]): Buffer {
  const parts: Buffer[] = [];
  for (const value of values) writeValue(parts, value, 0);
  const out = Buffer.allocUnsafe(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) offset += part.copy(out, offset);
  return out;
}

/**
 * Decodes every value in `bytes`.
 *
 * @throws {Error} on a truncated value, an unknown marker, AMF3 content (`avmplus-object`) or nesting deeper than 32
 */
export function decodeAmf0(bytes: Uint8Array): Amf0Value[] {
  const reader = new Amf0Reader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const values: Amf0Value[] = [];
  while (reader.offset < reader.bytes.length) values.push(reader.value(0));
  return values;
}

function writeValue(parts: Buffer[], value: Amf0Value, depth: number): void {
  if (depth > MAX_DEPTH) throw new Error('AMF0 value nested too deeply');
  if (value === null) return void parts.push(Buffer.of(MARKER.null));
  if (value === undefined) return void parts.push(Buffer.of(MARKER.undefined));
  if (typeof value === 'number') {
    const b = Buffer.allocUnsafe(9);
    b[0] = MARKER.number;
    b.writeDoubleBE(value, 1);
    return void parts.push(b);
  }
  if (typeof value === 'boolean') return void parts.push(Buffer.of(MARKER.boolean, value ? 1 : 0));
  if (typeof value === 'string') return writeString(parts, value, true);
  if (value instanceof Date) {
    const b = Buffer.alloc(11);
    b[0] = MARKER.date;
    b.writeDoubleBE(value.getTime(), 1); // §2.13: ms since epoch, then a reserved time-zone S16 that should be 0
    return void parts.push(b);
  }
  if (Array.isArray(value)) {
    const head = Buffer.allocUnsafe(5);
    head[0] = MARKER.strictArray;
    head.writeUInt32BE(value.length, 1);
    parts.push(head);
    for (const item of value) writeValue(parts, item, depth + 1);
    return;
  }
  parts.push(Buffer.of(MARKER.object));
  for (const [key, item] of Object.entries(value)) {
    writeString(parts, key, false);
    writeValue(parts, item, depth + 1);
  }
  parts.push(Buffer.of(0, 0, MARKER.objectEnd));
}

/** §2.4 string (U16 length) or §2.14 long string (U32 length); property names are UTF-8-empty strings without marker. */
function writeString(parts: Buffer[], value: string, withMarker: boolean): void {
  const utf8 = Buffer.from(value, 'utf8');
  const long = utf8.length > 0xffff;
  if (long && !withMarker) throw new Error('AMF0 property name longer than 65535 bytes');
  const head = Buffer.allocUnsafe((withMarker ? 1 : 0) + (long ? 4 : 2));
  if (withMarker) head[0] = long ? MARKER.longString : MARKER.string;
  if (long) head.writeUInt32BE(utf8.length, withMarker ? 1 : 0);
  else head.writeUInt16BE(utf8.length, withMarker ? 1 : 0);
  parts.push(head, utf8);
}

class Amf0Reader {
  offset = 0;
  /** Complex values in order of appearance, for reference markers (§2.9). */
  private readonly complex: Amf0Value[] = [];

  constructor(readonly bytes: Buffer) {}

  value(depth: number): Amf0Value {
    if (depth > MAX_DEPTH) throw new Error('AMF0 value nested too deeply');
    const marker = this.take(1)[0];
    switch (marker) {
      case MARKER.number:
        return this.take(8).readDoubleBE(0);
      case MARKER.boolean:
        return this.take(1)[0] !== 0;
      case MARKER.string:
        return this.utf8(this.take(2).readUInt16BE(0));
      case MARKER.longString:
      case MARKER.xmlDocument:
        return this.utf8(this.take(4).readUInt32BE(0));
      case MARKER.null:
        return null;
      case MARKER.undefined:
      case MARKER.unsupported:
        return undefined;
      case MARKER.object:
        return this.properties(depth);
      case MARKER.typedObject:
        this.utf8(this.take(2).readUInt16BE(0)); // class name: not kept
        return this.properties(depth);
      case MARKER.ecmaArray:
        this.take(4); // associative count: a hint only, the list ends with an object-end marker (§2.10)
        return this.properties(depth);
      case MARKER.strictArray:
        return this.strictArray(depth);
      case MARKER.date: {
        const time = this.take(10).readDoubleBE(0);
        return new Date(time);
      }
      case MARKER.reference: {
        const index = this.take(2).readUInt16BE(0);
        if (index >= this.complex.length) throw new Error(`AMF0 reference ${index} points at no earlier object`);
        return this.complex[index];
      }
      case MARKER.avmplus:
        throw new Error('AMF0 avmplus-object (AMF3) values are not supported');
      default:
        throw new Error(`Unknown AMF0 marker 0x${(marker ?? 0).toString(16)} at byte ${this.offset - 1}`);
    }
  }

  private properties(depth: number): Amf0Object {
    const object: Amf0Object = {};
    this.complex.push(object);
    for (;;) {
      const key = this.utf8(this.take(2).readUInt16BE(0));
      if (key === '' && this.bytes[this.offset] === MARKER.objectEnd) {
        this.offset += 1;
        return object;
      }
      object[key] = this.value(depth + 1);
    }
  }

  private strictArray(depth: number): Amf0Value[] {
    const count = this.take(4).readUInt32BE(0);
    // Every value takes at least one byte: a count beyond what is left is a lie, not a reason to allocate.
    if (count > this.bytes.length - this.offset) throw new Error(`AMF0 strict array of ${count} values overruns the data`);
    const array: Amf0Value[] = [];
    this.complex.push(array);
    for (let i = 0; i < count; i += 1) array.push(this.value(depth + 1));
    return array;
  }

  private utf8(length: number): string {
    return this.take(length).toString('utf8');
  }

  private take(length: number): Buffer {
    if (this.offset + length > this.bytes.length) {
      throw new Error(`AMF0 data truncated: needed ${length} bytes at byte ${this.offset}, ${this.bytes.length - this.offset} left`);
    }
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
}
