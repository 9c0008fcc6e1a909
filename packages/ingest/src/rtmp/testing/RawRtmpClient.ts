/* eslint-disable no-restricted-properties -- a test helper, not a media path */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { decodeAmf0, encodeAmf0 } from '../amf0.js';
import type { Amf0Value } from '../amf0.js';
import { ChunkReader } from '../ChunkReader.js';
import { ChunkWriter } from '../ChunkWriter.js';
import { HANDSHAKE_SIZE } from '../RtmpHandshake.js';
import type { RtmpMessage } from '../RtmpMessage.js';

/**
 * A bare RTMP client for tests: does the simple handshake, sends hand-made messages or raw bytes and records what the
 * server answers. Not part of the package's API.
 */
export class RawRtmpClient {
  readonly messages: RtmpMessage[] = [];
  readonly writer = new ChunkWriter();
  /** Resolves when the server closes the connection. */
  readonly closed: Promise<void>;
  private readonly reader = new ChunkReader({ onMessage: (m) => this.onMessage(m) });
  private handshakeBytes: Buffer[] | undefined;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.on('data', (data: Buffer) => this.onData(data));
  }

  /** Opens a TCP connection (no handshake yet). */
  static open(port: number): Promise<RawRtmpClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawRtmpClient(socket)));
      socket.once('error', reject);
    });
  }

  /** C0+C1, then C2 once S0+S1+S2 have arrived. */
  async handshake(): Promise<void> {
    this.handshakeBytes = [];
    this.socket.write(Buffer.concat([Buffer.of(3), Buffer.alloc(8), randomBytes(HANDSHAKE_SIZE - 8)]));
    await this.until(() => (this.handshakeBytes ?? []).reduce((n, b) => n + b.length, 0) >= 1 + 2 * HANDSHAKE_SIZE);
    const all = Buffer.concat(this.handshakeBytes);
    this.handshakeBytes = undefined;
    this.socket.write(all.subarray(1, 1 + HANDSHAKE_SIZE)); // C2 echoes S1
    const rest = all.subarray(1 + 2 * HANDSHAKE_SIZE);
    if (rest.length > 0) this.reader.push(rest);
  }

  /** Sends an AMF0 command message. */
  command(values: Amf0Value[], streamId = 0): void {
    this.send({ chunkStreamId: 3, typeId: 20, timestamp: 0, streamId, payload: encodeAmf0(values) });
  }

  /** Sends one message; resolves when the socket accepts more (honours backpressure). */
  send(message: RtmpMessage): Promise<void> {
    return this.write(this.writer.write(message));
  }

  write(bytes: Buffer): Promise<void> {
    if (this.socket.write(bytes)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.once('drain', done);
      this.socket.once('close', done);
    });
  }

  /** The first received command whose name (first AMF0 value) is `name`, waiting for it if needed. */
  async commandNamed(name: string): Promise<Amf0Value[]> {
    let found: Amf0Value[] | undefined;
    await this.until(() => {
      for (const m of this.messages) {
        if (m.typeId !== 20) continue;
        const values = decodeAmf0(m.payload);
        if (values[0] === name) found = values;
        if (found) return true;
      }
      return false;
    });
    return found ?? [];
  }

  /** Waits until a message of `typeId` has arrived. */
  async messageOfType(typeId: number): Promise<RtmpMessage> {
    await this.until(() => this.messages.some((m) => m.typeId === typeId));
    return this.messages.find((m) => m.typeId === typeId) as RtmpMessage;
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(data: Buffer): void {
    if (this.handshakeBytes) this.handshakeBytes.push(data);
    else this.reader.push(data);
    this.notify();
  }

  private onMessage(message: RtmpMessage): void {
    this.messages.push(message);
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  private async until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (this.socket.destroyed && !condition()) throw new Error('connection closed while waiting');
      if (Date.now() > deadline) throw new Error('timed out waiting for the server');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }
}
