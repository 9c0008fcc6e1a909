import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HANDSHAKE_SIZE, RtmpHandshake } from './RtmpHandshake.js';

describe('RtmpHandshake', () => {
  it('answers C0+C1 with S0+S1+S2 (S1 version zero, S2 = C1) and hands over the bytes after C2', () => {
    const handshake = new RtmpHandshake();
    const c1 = randomBytes(HANDSHAKE_SIZE);
    expect(handshake.push(Buffer.from([3]))).toEqual({ done: false });
    const step = handshake.push(c1);
    expect(step.done).toBe(false);
    const reply = step.reply ?? Buffer.alloc(0);
    expect(reply.length).toBe(1 + 2 * HANDSHAKE_SIZE);
    expect(reply[0]).toBe(3);
    expect(reply.readUInt32BE(1 + 4)).toBe(0); // S1 zero field: the simple handshake, no digest expected
    expect(reply.subarray(1 + HANDSHAKE_SIZE)).toEqual(c1);
    const c2AndChunk = Buffer.concat([reply.subarray(1, 1 + HANDSHAKE_SIZE), Buffer.from([0x02, 0xaa])]);
    const last = handshake.push(c2AndChunk);
    expect(last.done).toBe(true);
    expect([...(last.rest ?? [])]).toEqual([0x02, 0xaa]);
    expect(handshake.done).toBe(true);
  });

  it('refuses anything that is not RTMP version 3 from the first byte', () => {
    expect(() => new RtmpHandshake().push(Buffer.from('GET / HTTP/1.1'))).toThrow(/Not an RTMP handshake: C0 is 0x47/);
    expect(() => new RtmpHandshake().push(Buffer.from([6]))).toThrow(/expected version 3/);
  });
});
