import { describe, expect, it } from 'vitest';
import { splitAggregate } from './splitAggregate.js';
import { FlvWriter } from './FlvWriter.js';

describe('splitAggregate', () => {
  it('splits sub-messages and places their relative times on the aggregate timestamp (§7.1.6)', () => {
    const flv = new FlvWriter();
    const payload = Buffer.concat([...flv.tag(9, 5000, Buffer.from([0x17, 1, 2])), ...flv.tag(8, 5040, Buffer.from([0xaf, 1]))]);
    const subs = splitAggregate({ chunkStreamId: 6, typeId: 22, timestamp: 100, streamId: 1, payload });
    expect(subs.map((m) => [m.typeId, m.timestamp, m.streamId, [...m.payload]])).toEqual([
      [9, 100, 1, [0x17, 1, 2]],
      [8, 140, 1, [0xaf, 1]],
    ]);
  });

  it('refuses a sub-message that overruns the aggregate', () => {
    const payload = Buffer.concat(new FlvWriter().tag(9, 0, Buffer.alloc(10))).subarray(0, 15);
    expect(() => splitAggregate({ chunkStreamId: 6, typeId: 22, timestamp: 0, streamId: 1, payload })).toThrow(/overruns/);
  });
});
