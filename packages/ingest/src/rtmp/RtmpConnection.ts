import type { Socket } from 'node:net';
import { ChunkReader } from './ChunkReader.js';
import { ChunkWriter } from './ChunkWriter.js';
import type { PendingArena } from './PendingArena.js';
import { RtmpHandshake } from './RtmpHandshake.js';
import { MESSAGE_TYPE, USER_CONTROL } from './RtmpMessage.js';
import type { RtmpMessage } from './RtmpMessage.js';
import { RtmpSession } from './RtmpSession.js';
import type { RtmpContext, RtmpTransport } from './RtmpSession.js';

/** Options of an {@link RtmpConnection}. */
export interface RtmpConnectionOptions {
  /** Drop a connection that sends nothing for this long (ms; 0 for never). Not counted while the consumer is behind. */
  readonly idleTimeoutMs: number;
  /** Drop a connection whose `publish` is not accepted this long after it connected (ms; 0 for never). */
  readonly publishTimeoutMs: number;
  /** Budget of unfinished message bytes until `publish` is accepted, and after. */
  readonly maxPendingBytesBeforePublish: number;
  readonly maxPendingBytes: number;
  /** The server's memory for unfinished messages before `publish` (slots of `maxPendingBytesBeforePublish`). */
  readonly arena?: PendingArena;
  /** The connection is closed (for the server's bookkeeping). */
  readonly onClose: (connection: RtmpConnection) => void;
  /** A protocol violation: the connection is being destroyed. */
  readonly onViolation: (message: string, streamKey: string | undefined) => void;
}

/** How long a connection we ended gracefully may linger before it is destroyed. */
const END_LINGER_MS = 2000;

/**
 * Transport of one RTMP connection: the handshake, chunk reading and writing, protocol control messages (window
 * acknowledgements §5.4.3–§5.4.4, ping §7.1.7) and flow control (a held queue while authorising, pausing for a slow
 * consumer). Everything else goes to its {@link RtmpSession}. Any violation destroys the socket, never the server.
 */
export class RtmpConnection implements RtmpTransport {
  readonly remoteAddress: string;
  private readonly handshake = new RtmpHandshake();
  private readonly reader: ChunkReader;
  private readonly writer = new ChunkWriter();
  private readonly session: RtmpSession;
  private readonly queue: RtmpMessage[] = [];
  private held = false;
  private backpressured = false;
  private ending = false;
  private closed = false;
  private bytesReceived = 0;
  private bytesAcknowledged = 0;
  /** The peer's acknowledgement window (§5.4.4): 0 until it sends Window Acknowledgement Size. */
  private ackWindow = 0;
  private closeReason = 'publisher closed the connection';
  private publishTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: Socket,
    context: RtmpContext,
    private readonly options: RtmpConnectionOptions,
  ) {
    this.remoteAddress = socket.remoteAddress ?? 'unknown';
    this.session = new RtmpSession(this, context);
    // Before `publish` is accepted nobody is authenticated: only a small budget of unfinished bytes, and a deadline.
    this.reader = new ChunkReader({ onMessage: (message) => this.onMessage(message), maxPendingBytes: options.maxPendingBytesBeforePublish, ...(options.arena ? { untrusted: options.arena } : {}) });
    if (options.publishTimeoutMs > 0) {
      this.publishTimer = setTimeout(() => this.destroy(`no accepted publish within ${options.publishTimeoutMs} ms of connecting`), options.publishTimeoutMs);
      this.publishTimer.unref();
    }
    socket.setNoDelay(true);
    if (options.idleTimeoutMs > 0) socket.setTimeout(options.idleTimeoutMs);
    socket.on('data', (data: Buffer) => this.onData(data));
    socket.on('timeout', () => this.destroy(`no data from the publisher for ${options.idleTimeoutMs} ms`));
    socket.on('error', (error) => {
      this.closeReason = `connection error: ${error.message}`;
    });
    socket.on('close', () => this.onClose());
  }

  /** Destroys the connection now (server shutdown, timeout); the session ends with `reason`. */
  destroy(reason: string): void {
    this.closeReason = reason;
    this.socket.destroy();
  }

  send(message: RtmpMessage): void {
    if (!this.closed && !this.socket.destroyed && !this.socket.writableEnded) this.socket.write(this.writer.write(message));
  }

  setChunkSize(size: number): void {
    const payload = Buffer.allocUnsafe(4);
    payload.writeUInt32BE(size, 0);
    this.send({ chunkStreamId: 2, typeId: MESSAGE_TYPE.setChunkSize, timestamp: 0, streamId: 0, payload });
    this.writer.chunkSize = size;
  }

  published(): void {
    clearTimeout(this.publishTimer);
    this.publishTimer = undefined;
    this.reader.setMaxPendingBytes(this.options.maxPendingBytes);
    this.reader.trust();
  }

  hold(): void {
    this.held = true;
    this.updateFlow();
  }

  release(): void {
    this.held = false;
    try {
      while (!this.held && !this.closed && this.queue.length > 0) {
        const message = this.queue.shift();
        if (message) this.dispatch(message);
      }
    } catch (error) {
      this.fail(error);
      return;
    }
    this.updateFlow();
  }

  pause(): void {
    this.backpressured = true;
    this.updateFlow();
  }

  resume(): void {
    this.backpressured = false;
    this.updateFlow();
  }

  end(): void {
    if (this.ending || this.closed) return;
    this.ending = true;
    this.closeReason = 'refused';
    this.queue.length = 0;
    this.held = false;
    this.backpressured = false;
    this.updateFlow();
    this.socket.end();
    setTimeout(() => this.socket.destroy(), END_LINGER_MS).unref();
  }

  private onData(data: Buffer): void {
    if (this.ending) return;
    try {
      let chunks = data;
      if (!this.handshake.done) {
        const step = this.handshake.push(data);
        if (step.reply) this.socket.write(step.reply);
        if (!step.rest) return;
        chunks = step.rest;
      }
      this.bytesReceived += chunks.length;
      this.session.countBytes(chunks.length);
      this.reader.push(chunks);
      this.acknowledge();
    } catch (error) {
      this.fail(error);
    }
  }

  private onMessage(message: RtmpMessage): void {
    if (this.ending) return;
    if (this.held) this.queue.push(message);
    else this.dispatch(message);
  }

  private dispatch(message: RtmpMessage): void {
    switch (message.typeId) {
      case MESSAGE_TYPE.setChunkSize:
      case MESSAGE_TYPE.abort:
      case MESSAGE_TYPE.acknowledgement:
      case MESSAGE_TYPE.setPeerBandwidth:
        return; // chunk size and abort are applied by the reader; the others bind the peer, not us
      case MESSAGE_TYPE.windowAckSize:
        this.ackWindow = message.payload.length >= 4 ? message.payload.readUInt32BE(0) : 0;
        return;
      case MESSAGE_TYPE.userControl:
        return this.userControl(message.payload);
      default:
        return this.session.handle(message);
    }
  }

  /** §7.1.7: answer PingRequest with PingResponse carrying the same timestamp; other events need no answer. */
  private userControl(payload: Buffer): void {
    if (payload.length < 6 || payload.readUInt16BE(0) !== USER_CONTROL.pingRequest) return;
    const reply = Buffer.allocUnsafe(6);
    reply.writeUInt16BE(USER_CONTROL.pingResponse, 0);
    payload.copy(reply, 2, 2, 6);
    this.send({ chunkStreamId: 2, typeId: MESSAGE_TYPE.userControl, timestamp: 0, streamId: 0, payload: reply });
  }

  /** §5.4.3: acknowledge once a window's worth of bytes has arrived since the last acknowledgement. */
  private acknowledge(): void {
    if (this.ackWindow <= 0 || this.bytesReceived - this.bytesAcknowledged < this.ackWindow) return;
    this.bytesAcknowledged = this.bytesReceived;
    const payload = Buffer.allocUnsafe(4);
    payload.writeUInt32BE(this.bytesReceived >>> 0, 0); // the sequence number wraps at 2^32
    this.send({ chunkStreamId: 2, typeId: MESSAGE_TYPE.acknowledgement, timestamp: 0, streamId: 0, payload });
  }

  private updateFlow(): void {
    if (this.closed) return;
    const pause = this.held || this.backpressured;
    if (pause && !this.socket.isPaused()) this.socket.pause();
    else if (!pause && this.socket.isPaused()) this.socket.resume();
    // A socket paused for a slow consumer reads nothing, which is not the publisher's idleness. While authorising it
    // stays armed: an authorisation that takes longer than the idle timeout drops the connection.
    if (this.options.idleTimeoutMs > 0) this.socket.setTimeout(this.backpressured ? 0 : this.options.idleTimeoutMs);
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    const message = error instanceof Error ? error.message : String(error);
    this.options.onViolation(`RTMP protocol error from ${this.remoteAddress}: ${message}; connection closed`, this.session.streamKey);
    this.destroy(`protocol error: ${message}`);
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.publishTimer);
    this.queue.length = 0;
    this.reader.release();
    this.session.closed(this.closeReason);
    this.options.onClose(this);
  }
}
