import { describe, expect, it } from 'vitest';
import { ChunkReader } from './ChunkReader.js';
import { ChunkWriter } from './ChunkWriter.js';
import { RtmpProtocolError } from './RtmpMessage.js';
import type { RtmpMessage } from './RtmpMessage.js';

function collect(options: { maxPendingBytes?: number } = {}): { reader: ChunkReader; messages: RtmpMessage[] } {
  const messages: RtmpMessage[] = [];
  return { reader: new ChunkReader({ onMessage: (m) => messages.push(m), ...options }), messages };
}

function message(chunkStreamId: number, typeId: number, timestamp: number, length: number, streamId = 1): RtmpMessage {
  const payload = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) payload[i] = (i * 7 + typeId) & 0xff;
  return { chunkStreamId, typeId, timestamp, streamId, payload };
}

/** Feeds the bytes one at a time: every split point must work. */
function feedBytewise(reader: ChunkReader, bytes: Buffer): void {
  for (let i = 0; i < bytes.length; i += 1) reader.push(bytes.subarray(i, i + 1));
}

describe('ChunkReader + ChunkWriter', () => {
  it('reassembles messages split over many chunks, fed one byte at a time', () => {
    const writer = new ChunkWriter();
    const sent = [message(4, 9, 40, 1000), message(4, 8, 63, 5), message(6, 20, 0, 0, 0)];
    const { reader, messages } = collect();
    feedBytewise(reader, Buffer.concat(sent.map((m) => writer.write(m))));
    expect(messages).toEqual(sent);
  });

  it('follows a Set Chunk Size (RTMP §5.4.1) for the chunks after it', () => {
    const writer = new ChunkWriter();
    const setChunkSize = Buffer.alloc(4);
    setChunkSize.writeUInt32BE(4096, 0);
    const before = writer.write(message(4, 9, 0, 300));
    const control = writer.write({ chunkStreamId: 2, typeId: 1, timestamp: 0, streamId: 0, payload: setChunkSize });
    writer.chunkSize = 4096;
    const after = writer.write(message(4, 9, 40, 10_000));
    expect(after.length).toBe(12 + 10_000 + 2 * 1); // one type 0 header, two type 3 headers
    const { reader, messages } = collect();
    reader.push(Buffer.concat([before, control, after]));
    expect(reader.peerChunkSize).toBe(4096);
    expect(messages.map((m) => [m.typeId, m.payload.length])).toEqual([
      [9, 300],
      [1, 4],
      [9, 10_000],
    ]);
    expect(messages[2]).toEqual(message(4, 9, 40, 10_000));
  });

  it('reads extended timestamps, repeated on the type 3 chunks of a message (§5.3.1.3)', () => {
    const writer = new ChunkWriter();
    const sent = [message(5, 9, 0x01234567, 400), message(5, 9, 0xfffffe, 10), message(5, 9, 0xffffffff, 130)];
    const bytes = Buffer.concat(sent.map((m) => writer.write(m)));
    expect(bytes.readUIntBE(1, 3)).toBe(0xffffff);
    expect(bytes.readUInt32BE(12)).toBe(0x01234567);
    const { reader, messages } = collect();
    feedBytewise(reader, bytes);
    expect(messages).toEqual(sent);
  });

  it('tolerates continuation chunks that leave the extended timestamp out', () => {
    const sent = message(5, 9, 0x01234567, 300);
    const full = new ChunkWriter().write(sent);
    const first = 1 + 11 + 4 + 128;
    // drop the 4 extended-timestamp bytes after each type 3 basic header
    const trimmed = Buffer.concat([full.subarray(0, first), full.subarray(first, first + 1), full.subarray(first + 5, first + 5 + 128), full.subarray(first + 5 + 128, first + 6 + 128), full.subarray(first + 10 + 128)]);
    expect(trimmed.length).toBe(full.length - 8);
    const { reader, messages } = collect();
    reader.push(trimmed);
    expect(messages).toEqual([sent]);
  });

  it('applies type 1, 2 and 3 headers as timestamp deltas on one chunk stream', () => {
    const bytes = Buffer.from([
      // type 0, csid 4: ts 1000, length 2, type 9, stream 1
      0x04, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x02, 0x09, 0x01, 0x00, 0x00, 0x00, 0xaa, 0xbb,
      // type 1: delta 40, length 1, type 8
      0x44, 0x00, 0x00, 0x28, 0x00, 0x00, 0x01, 0x08, 0xcc,
      // type 2: delta 20
      0x84, 0x00, 0x00, 0x14, 0xdd,
      // type 3 starting a new message: the last delta again
      0xc4, 0xee,
    ]);
    const { reader, messages } = collect();
    reader.push(bytes);
    expect(messages.map((m) => [m.timestamp, m.typeId, m.streamId, [...m.payload]])).toEqual([
      [1000, 9, 1, [0xaa, 0xbb]],
      [1040, 8, 1, [0xcc]],
      [1060, 8, 1, [0xdd]],
      [1080, 8, 1, [0xee]],
    ]);
  });

  it('keeps interleaved chunk streams apart and uses 2- and 3-byte chunk stream ids', () => {
    const writer = new ChunkWriter();
    const a = writer.write(message(100, 9, 10, 200));
    const b = writer.write(message(400, 8, 20, 150));
    expect(a[0]).toBe(0x00);
    expect(b[0]).toBe(0x01);
    // interleave: a's first chunk, b's first chunk, then the rest of each
    const aFirst = 2 + 11 + 128;
    const bFirst = 3 + 11 + 128;
    const { reader, messages } = collect();
    reader.push(Buffer.concat([a.subarray(0, aFirst), b.subarray(0, bFirst), a.subarray(aFirst), b.subarray(bFirst)]));
    expect(messages).toEqual([message(100, 9, 10, 200), message(400, 8, 20, 150)]);
  });

  it('drops a partly received message on Abort (§5.4.2)', () => {
    const writer = new ChunkWriter();
    const partial = writer.write(message(4, 9, 0, 300)).subarray(0, 1 + 11 + 128);
    const abort = Buffer.alloc(4);
    abort.writeUInt32BE(4, 0);
    const { reader, messages } = collect();
    reader.push(Buffer.concat([partial, writer.write({ chunkStreamId: 2, typeId: 2, timestamp: 0, streamId: 0, payload: abort }), writer.write(message(4, 8, 5, 3))]));
    expect(messages.map((m) => m.typeId)).toEqual([2, 8]);
    expect(messages[1]).toEqual(message(4, 8, 5, 3));
  });

  it('refuses a type 3 chunk on a chunk stream that never had a header', () => {
    const { reader } = collect();
    expect(() => reader.push(Buffer.from([0xc7, 0x00]))).toThrow(RtmpProtocolError);
  });

  it('refuses a new header in the middle of a message', () => {
    const writer = new ChunkWriter();
    const partial = writer.write(message(4, 9, 0, 300)).subarray(0, 1 + 11 + 128);
    const { reader } = collect();
    expect(() => reader.push(Buffer.concat([partial, writer.write(message(4, 8, 0, 3))]))).toThrow(/before its previous message/);
  });

  it('refuses a chunk size of 0 and peers that open too many unfinished bytes', () => {
    const zero = new ChunkWriter().write({ chunkStreamId: 2, typeId: 1, timestamp: 0, streamId: 0, payload: Buffer.alloc(4) });
    expect(() => collect().reader.push(zero)).toThrow(/Invalid chunk size 0/);
    const writer = new ChunkWriter();
    const { reader } = collect({ maxPendingBytes: 1000 });
    reader.push(writer.write(message(4, 9, 0, 600)).subarray(0, 1 + 11 + 128)); // first chunk of 600 bytes: 600 pending
    const second = writer.write(message(5, 9, 0, 600));
    reader.push(second.subarray(0, 1 + 11 + 128 + 2 * 129)); // 384 bytes of a second one: 984 held, within 1000
    expect(() => reader.push(second.subarray(1 + 11 + 128 + 2 * 129, 1 + 11 + 128 + 3 * 129))).toThrow(/unfinished messages/);
  });
});
