import { randomBytes } from 'node:crypto';
import { RtmpProtocolError } from './RtmpMessage.js';

/** Size of C1/S1/C2/S2 (§5.2.3). */
export const HANDSHAKE_SIZE = 1536;
/** The only version we speak: 3, plain RTMP (6 would be RTMPE, not supported). */
const RTMP_VERSION = 3;

/** What {@link RtmpHandshake.push} tells the connection. */
export interface HandshakeStep {
  /** Bytes to send now (S0+S1+S2 once C0+C1 have arrived). */
  readonly reply?: Buffer;
  /** True once C2 has arrived: the chunk stream starts. */
  readonly done: boolean;
  /** Bytes received after C2 (the first chunks), when done. */
  readonly rest?: Buffer;
}

/**
 * Server side of the RTMP handshake (Adobe RTMP specification 1.0, §5.2): reads C0+C1, answers S0+S1+S2 at once
 * (S2 echoes C1), then waits for C2. This is the "simple" handshake: S1's version field is zero, which tells ffmpeg,
 * librtmp (OBS) and Flash clients not to expect the Flash Player 9 digest, so they answer with a plain C2 echo.
 * C2 is not checked (clients that used the digest scheme for C1 send a digest-style C2).
 *
 * @example
 * ```ts
 * declare const socket: import('node:net').Socket, data: Buffer, reader: { push(bytes: Buffer): void }; // the chunk reader
 * const handshake = new RtmpHandshake();
 * const step = handshake.push(data);
 * if (step.reply) socket.write(step.reply);
 * if (step.done && step.rest) reader.push(step.rest);
 * ```
 */
export class RtmpHandshake {
  /** C0+C1+C2 as they arrive: allocated at the first byte (an idle connection holds none) and dropped once done. */
  private received: Buffer | undefined;
  private length = 0;
  private replied = false;
  private finished = false;

  /** True once C2 has been read. */
  get done(): boolean {
    return this.finished;
  }

  /**
   * Feeds received bytes.
   *
   * @throws {RtmpProtocolError} when C0 is not version 3
   */
  push(data: Buffer): HandshakeStep {
    if (this.finished) return { done: true, rest: data };
    if (data.length > 0 && data[0] !== RTMP_VERSION && this.length === 0) {
      throw new RtmpProtocolError(`Not an RTMP handshake: C0 is 0x${(data[0] ?? 0).toString(16)}, expected version 3`);
    }
    const received = (this.received ??= Buffer.alloc(1 + HANDSHAKE_SIZE * 2));
    const take = Math.min(data.length, received.length - this.length);
    data.copy(received, this.length, 0, take);
    this.length += take;
    let reply: Buffer | undefined;
    if (!this.replied && this.length >= 1 + HANDSHAKE_SIZE) {
      reply = this.reply(received.subarray(1, 1 + HANDSHAKE_SIZE));
      this.replied = true;
    }
    if (this.length < received.length) return reply ? { reply, done: false } : { done: false };
    this.finished = true;
    this.received = undefined;
    const rest = take < data.length ? data.subarray(take) : undefined;
    return { ...(reply ? { reply } : {}), done: true, ...(rest ? { rest } : {}) };
  }

  /** S0 + S1 (time, zero, random) + S2 (echo of C1) (§5.2.2–§5.2.4). */
  private reply(c1: Buffer): Buffer {
    const out = Buffer.allocUnsafe(1 + HANDSHAKE_SIZE * 2);
    out[0] = RTMP_VERSION;
    const s1 = out.subarray(1, 1 + HANDSHAKE_SIZE);
    s1.writeUInt32BE(0, 0);
    s1.writeUInt32BE(0, 4);
    randomBytes(HANDSHAKE_SIZE - 8).copy(s1, 8);
    // S2 is C1 unchanged: librtmp compares the whole of S2 with its C1 (and only warns when they differ).
    c1.copy(out, 1 + HANDSHAKE_SIZE);
    return out;
  }
}
