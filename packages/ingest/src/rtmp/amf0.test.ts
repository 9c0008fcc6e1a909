import { describe, expect, it } from 'vitest';
import { decodeAmf0, encodeAmf0 } from './amf0.js';
import type { Amf0Value } from './amf0.js';

describe('AMF0', () => {
  it('round-trips a connect command byte for byte', () => {
    const values: Amf0Value[] = [
      'connect',
      1,
      { app: 'live', flashVer: 'FMLE/3.0 (compatible; FMSc/1.0)', tcUrl: 'rtmp://127.0.0.1:1935/live', fpad: false, capabilities: 15, audioCodecs: 4071, objectEncoding: 0 },
    ];
    const bytes = encodeAmf0(values);
    expect(decodeAmf0(bytes)).toEqual(values);
    expect(encodeAmf0(decodeAmf0(bytes))).toEqual(bytes);
  });

  it('encodes the primitive markers of AMF0 §2', () => {
    expect([...encodeAmf0([1])]).toEqual([0x00, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0]);
    expect([...encodeAmf0([true, null, undefined])]).toEqual([0x01, 0x01, 0x05, 0x06]);
    expect([...encodeAmf0(['ab'])]).toEqual([0x02, 0x00, 0x02, 0x61, 0x62]);
    expect([...encodeAmf0([{}])]).toEqual([0x03, 0x00, 0x00, 0x09]);
  });

  it('round-trips strict arrays, dates, nested objects and UTF-8', () => {
    const values: Amf0Value[] = [[1, 'two', [3]], new Date(1_700_000_000_000), { outer: { inner: 'é✓', n: -0.5 } }];
    expect(decodeAmf0(encodeAmf0(values))).toEqual(values);
  });

  it('switches to a long string (0x0C) past 65535 bytes', () => {
    const long = 'x'.repeat(70_000);
    const bytes = encodeAmf0([long]);
    expect(bytes[0]).toBe(0x0c);
    expect(decodeAmf0(bytes)).toEqual([long]);
  });

  it('decodes an onMetaData ECMA array as ffmpeg sends it', () => {
    // "@setDataFrame", "onMetaData", ECMA array { width: 320, stereo: false } — built by hand
    const bytes = Buffer.concat([
      encodeAmf0(['@setDataFrame', 'onMetaData']),
      Buffer.from([0x08, 0, 0, 0, 2]),
      Buffer.from([0, 5]),
      Buffer.from('width'),
      encodeAmf0([320]),
      Buffer.from([0, 6]),
      Buffer.from('stereo'),
      encodeAmf0([false]),
      Buffer.from([0, 0, 9]),
    ]);
    expect(decodeAmf0(bytes)).toEqual(['@setDataFrame', 'onMetaData', { width: 320, stereo: false }]);
  });

  it('resolves a reference to an earlier object and skips a typed object class name', () => {
    const object = Buffer.concat([Buffer.from([0x03, 0, 1]), Buffer.from('a'), encodeAmf0([1]), Buffer.from([0, 0, 9])]);
    const typed = Buffer.concat([Buffer.from([0x10, 0, 3]), Buffer.from('Foo'), Buffer.from([0, 1]), Buffer.from('b'), encodeAmf0(['c']), Buffer.from([0, 0, 9])]);
    const decoded = decodeAmf0(Buffer.concat([object, Buffer.from([0x07, 0, 0]), typed]));
    expect(decoded).toEqual([{ a: 1 }, { a: 1 }, { b: 'c' }]);
    expect(decoded[1]).toBe(decoded[0]);
  });

  it('rejects truncated values, unknown markers, AMF3 switches and absurd nesting', () => {
    expect(() => decodeAmf0(Buffer.from([0x00, 0x3f, 0xf0]))).toThrow(/truncated/);
    expect(() => decodeAmf0(Buffer.from([0x02, 0x00, 0x09, 0x61]))).toThrow(/truncated/);
    expect(() => decodeAmf0(Buffer.from([0x04]))).toThrow(/Unknown AMF0 marker 0x4/);
    expect(() => decodeAmf0(Buffer.from([0x11, 0x01]))).toThrow(/AMF3/);
    expect(() => decodeAmf0(Buffer.from([0x07, 0x00, 0x00]))).toThrow(/reference 0/);
    expect(() => decodeAmf0(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff]))).toThrow(/overruns/);
    const deep = Buffer.concat([...Array.from({ length: 40 }, () => Buffer.from([0x0a, 0, 0, 0, 1])), Buffer.from([0x05])]);
    expect(() => decodeAmf0(deep)).toThrow(/nested too deeply/);
  });
});
