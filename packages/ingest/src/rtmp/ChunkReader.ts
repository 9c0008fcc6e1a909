import { MESSAGE_TYPE, RtmpProtocolError } from './RtmpMessage.js';
import type { RtmpMessage } from './RtmpMessage.js';
import type { PendingArena } from './PendingArena.js';

/** Options of a {@link ChunkReader}. */
export interface ChunkReaderOptions {
  /** Called for every complete message, Set Chunk Size and Abort included (already applied by the reader). */
  readonly onMessage: (message: RtmpMessage) => void;
  /**
   * Most bytes of partly received messages held at once, over all chunk streams (default 64 MiB). RTMP interleaves
   * messages of up to 16 MiB each; a peer that holds more than this is refused rather than buffered. Counted in bytes
   * allocated, which grow with the bytes that arrive (a header declaring 16 MiB allocates nothing yet).
   * {@link ChunkReader.setMaxPendingBytes} changes it (the RTMP server keeps it small until a publisher is accepted).
   */
  readonly maxPendingBytes?: number;
  /**
   * Until {@link ChunkReader.trust} is called, unfinished messages live in a slot lent by this arena (its slot size is
   * the budget) instead of buffers of their own: the RTMP server's memory for clients not yet authorised.
   */
  readonly untrusted?: PendingArena;
}

interface ChunkStreamState {
  timestamp: number;
  /** Timestamp delta reused by a type 3 header that starts a new message (§5.3.1.2.4). */
  delta: number;
  length: number;
  typeId: number;
  streamId: number;
  /** The last type 0/1/2 header carried an extended timestamp: type 3 chunks after it carry one too (§5.3.1.3). */
  extended: boolean;
  /** The extended timestamp field of the message's first chunk, to recognise it on continuation chunks. */
  extendedValue: number;
  /** The message so far: allocated as bytes arrive (grown by doubling up to `length`), never from the header alone. */
  message: Buffer | undefined;
  received: number;
}

/** First allocation for a message body; later growth doubles. */
const MIN_MESSAGE_ALLOCATION = 4096;

/** Message header length by chunk type (fmt) (§5.3.1.2). */
const MESSAGE_HEADER_LENGTH = [11, 7, 3, 0] as const;
/** The spec's default maximum chunk size before any Set Chunk Size (§5.4.1). */
const DEFAULT_CHUNK_SIZE = 128;

/**
 * Reassembles RTMP messages from the chunk stream of one connection (Adobe RTMP specification 1.0, §5.3): basic
 * headers with 1-, 2- and 3-byte chunk stream ids, message headers of type 0–3, extended timestamps, interleaved
 * chunk streams, Set Chunk Size (§5.4.1) and Abort (§5.4.2). Bytes may arrive split anywhere.
 *
 * @example
 * ```ts
 * declare const socket: import('node:net').Socket;
 * const reader = new ChunkReader({ onMessage: (m) => console.log(m.typeId, m.payload.length) });
 * socket.on('data', (data) => reader.push(data));
 * ```
 */
export class ChunkReader {
  private chunkSize = DEFAULT_CHUNK_SIZE;
  private readonly streams = new Map<number, ChunkStreamState>();
  private leftover: Buffer | undefined;
  /** Chunk stream whose chunk body is being read, and how many of its bytes are still to come. */
  private body: { state: ChunkStreamState; chunkStreamId: number; remaining: number } | undefined;
  private pendingBytes = 0;
  private maxPendingBytes: number;
  /** Arena of the untrusted phase; undefined once trusted (or without one). */
  private arena: PendingArena | undefined;
  /** The slot lent while unfinished messages are held in the untrusted phase, its bytes used and messages in it. */
  private slot: Buffer | undefined;
  private slotUsed = 0;
  private slotMessages = 0;

  constructor(private readonly options: ChunkReaderOptions) {
    this.maxPendingBytes = options.maxPendingBytes ?? 64 * 1024 * 1024;
    this.arena = options.untrusted;
  }

  /**
   * Ends the untrusted phase: unfinished messages move out of the arena's slot into buffers of their own (within
   * `maxPendingBytes`) and the slot goes back.
   */
  trust(): void {
    const arena = this.arena;
    if (arena === undefined) return;
    this.arena = undefined;
    const slot = this.slot;
    if (slot === undefined) return;
    for (const state of this.streams.values()) {
      const region = state.message;
      if (region === undefined || region.buffer !== slot.buffer) continue;
      const own = Buffer.allocUnsafe(Math.min(state.length, Math.max(state.received, MIN_MESSAGE_ALLOCATION)));
      region.copy(own, 0, 0, state.received);
      this.pendingBytes += own.length - region.length;
      state.message = own;
    }
    this.returnSlot(arena);
  }

  /** Bytes allocated for partly received messages right now. */
  get pending(): number {
    return this.pendingBytes;
  }

  /**
   * Frees the buffers of partly received messages now, not at the next major GC (the connection is gone). Their
   * memory goes straight back to the allocator: a burst of clients that leave unfinished messages behind does not
   * leave the process holding it until V8 decides to collect.
   */
  release(): void {
    for (const state of this.streams.values()) {
      const message = state.message;
      state.message = undefined;
      state.received = 0;
      // Buffers above the pool size own their ArrayBuffer: detaching it releases the backing store at once.
      if (message !== undefined && message.buffer !== this.slot?.buffer && message.byteOffset === 0 && message.buffer.byteLength === message.length && !(message.buffer instanceof SharedArrayBuffer)) {
        message.buffer.transfer(0);
      }
    }
    this.streams.clear();
    this.leftover = undefined;
    this.body = undefined;
    this.pendingBytes = 0;
    if (this.arena !== undefined) this.returnSlot(this.arena);
  }

  private returnSlot(arena: PendingArena): void {
    if (this.slot !== undefined) arena.release(this.slot);
    this.slot = undefined;
    this.slotUsed = 0;
    this.slotMessages = 0;
  }

  /** A message left the slot (complete or aborted): the slot goes back when it holds none. */
  private leaveSlot(): void {
    this.slotMessages -= 1;
    if (this.slotMessages === 0 && this.arena !== undefined) this.returnSlot(this.arena);
  }

  /** Changes the budget of partly received messages (a peer already over it fails at its next chunk). */
  setMaxPendingBytes(bytes: number): void {
    this.maxPendingBytes = bytes;
  }

  /** The peer's current chunk size. */
  get peerChunkSize(): number {
    return this.chunkSize;
  }

  /**
   * Feeds received bytes. Messages are delivered synchronously, in order.
   *
   * @throws {RtmpProtocolError} on a violation; the connection should then be dropped
   */
  push(data: Buffer): void {
    let input = data;
    if (this.leftover) {
      // Only a partial chunk header (at most 18 bytes) is ever left over, so this copy is small.
      input = Buffer.allocUnsafe(this.leftover.length + data.length);
      this.leftover.copy(input, 0);
      data.copy(input, this.leftover.length);
      this.leftover = undefined;
    }
    let offset = 0;
    while (offset < input.length) {
      if (this.body) {
        offset += this.readBody(input, offset);
        continue;
      }
      const used = this.readHeader(input, offset);
      if (used === 0) {
        this.leftover = Buffer.from(input.subarray(offset));
        return;
      }
      offset += used;
    }
  }

  /** Parses one chunk header at `offset`; returns the bytes used, 0 when the header is not complete yet. */
  private readHeader(input: Buffer, offset: number): number {
    const available = input.length - offset;
    const first = input[offset] ?? 0;
    const fmt = first >> 6;
    let chunkStreamId = first & 0x3f;
    let position = offset + 1;
    // §5.3.1.1: ids 0 and 1 announce the 2- and 3-byte forms (64–319 and 64–65599).
    if (chunkStreamId === 0) {
      if (available < 2) return 0;
      chunkStreamId = (input[position] ?? 0) + 64;
      position += 1;
    } else if (chunkStreamId === 1) {
      if (available < 3) return 0;
      chunkStreamId = (input[position] ?? 0) + (input[position + 1] ?? 0) * 256 + 64;
      position += 2;
    }
    const headerLength = MESSAGE_HEADER_LENGTH[fmt as 0 | 1 | 2 | 3];
    if (input.length < position + headerLength) return 0;
    const previous = this.streams.get(chunkStreamId);
    if (!previous && fmt >= 2) {
      throw new RtmpProtocolError(`Chunk of type ${fmt} on chunk stream ${chunkStreamId}, which has had no message header yet`);
    }
    const inMessage = previous?.message !== undefined;
    if (inMessage && fmt !== 3) {
      throw new RtmpProtocolError(`Chunk of type ${fmt} on chunk stream ${chunkStreamId} before its previous message was complete`);
    }
    const timestampField = fmt < 3 ? input.readUIntBE(position, 3) : 0;
    const extended = fmt < 3 ? timestampField === 0xffffff : (previous?.extended ?? false);
    let fullHeader = position - offset + headerLength + (extended ? 4 : 0);
    if (available < fullHeader) return 0;
    const extendedTimestamp = extended ? input.readUInt32BE(position + headerLength) : 0;
    // Some encoders leave the extended timestamp out of continuation chunks (SRS tolerates it the same way): when the
    // 4 bytes are not the message's extended timestamp, they are payload.
    if (extended && inMessage && previous && extendedTimestamp !== previous.extendedValue) fullHeader -= 4;
    const timestampValue = extended ? extendedTimestamp : timestampField;

    const state: ChunkStreamState = previous ?? { timestamp: 0, delta: 0, length: 0, typeId: 0, streamId: 0, extended: false, extendedValue: 0, message: undefined, received: 0 };
    if (!inMessage) {
      if (fmt <= 1) {
        state.length = input.readUIntBE(position + 3, 3);
        state.typeId = input[position + 6] ?? 0;
      }
      if (fmt === 0) {
        state.streamId = input.readUInt32LE(position + 7); // §5.3.1.2.1: the message stream id is little-endian
        state.timestamp = timestampValue;
        state.delta = timestampValue; // a following type 3 new message repeats it as its delta (as ffmpeg writes)
      } else if (fmt === 3) {
        if (extended) state.delta = timestampValue;
        state.timestamp = (state.timestamp + state.delta) >>> 0;
      } else {
        state.delta = timestampValue;
        state.timestamp = (state.timestamp + timestampValue) >>> 0;
      }
      state.extended = extended;
      state.extendedValue = extendedTimestamp;
      this.streams.set(chunkStreamId, state);
      if (state.length === 0) {
        this.deliver(chunkStreamId, state, Buffer.alloc(0));
        return fullHeader;
      }
      state.message = undefined;
      state.received = 0;
    }
    this.body = { state, chunkStreamId, remaining: Math.min(this.chunkSize, state.length - state.received) };
    return fullHeader;
  }

  /** Copies chunk body bytes at `offset` into the message; returns the bytes used. */
  private readBody(input: Buffer, offset: number): number {
    const body = this.body;
    if (!body) return 0;
    const count = Math.min(body.remaining, input.length - offset);
    const message = this.room(body.state, count);
    input.copy(message, body.state.received, offset, offset + count);
    body.state.received += count;
    body.remaining -= count;
    if (body.remaining > 0) return count;
    this.body = undefined;
    if (body.state.received === body.state.length) {
      body.state.message = undefined;
      this.pendingBytes -= message.length;
      if (this.slot !== undefined && message.buffer === this.slot.buffer) {
        const copy = Buffer.from(message); // the slot is reused: the message leaves as a copy
        this.leaveSlot();
        this.deliver(body.chunkStreamId, body.state, copy);
      } else {
        this.deliver(body.chunkStreamId, body.state, message);
      }
    }
    return count;
  }

  /** The message buffer of `state` with room for `count` more bytes, grown within the pending budget. */
  private room(state: ChunkStreamState, count: number): Buffer {
    const held = state.message;
    const needed = state.received + count;
    if (held !== undefined && held.length >= needed) return held;
    if (this.arena !== undefined) return this.slotRegion(this.arena, state);
    // The most this message may hold within the budget: what the connection has left plus what it already holds.
    const allowed = this.maxPendingBytes - this.pendingBytes + (held?.length ?? 0);
    if (needed > allowed) {
      throw new RtmpProtocolError(`Peer holds more than ${this.maxPendingBytes} bytes of unfinished messages`);
    }
    // Doubling keeps copies few; near the budget it gives way, so the budget bounds the bytes sent, not the capacity.
    const capacity = Math.min(state.length, allowed, Math.max(needed, MIN_MESSAGE_ALLOCATION, (held?.length ?? 0) * 2));
    const growth = capacity - (held?.length ?? 0);
    const grown = Buffer.allocUnsafe(capacity);
    held?.copy(grown, 0, 0, state.received);
    this.pendingBytes += growth;
    state.message = grown;
    return grown;
  }

  /** Untrusted phase: the whole declared message in the connection's slot (pages are touched only as bytes arrive). */
  private slotRegion(arena: PendingArena, state: ChunkStreamState): Buffer {
    if (this.slot === undefined) {
      this.slot = arena.acquire();
      if (this.slot === undefined) {
        throw new RtmpProtocolError(`The server's memory for unfinished messages of clients that have not published yet is in use by ${arena.lent} other connections`);
      }
    }
    if (state.length > this.slot.length - this.slotUsed) {
      throw new RtmpProtocolError(`Peer holds more than ${this.slot.length} bytes of unfinished messages before publishing`);
    }
    const region = this.slot.subarray(this.slotUsed, this.slotUsed + state.length);
    this.slotUsed += state.length;
    this.slotMessages += 1;
    this.pendingBytes += state.length;
    state.message = region;
    return region;
  }

  private deliver(chunkStreamId: number, state: ChunkStreamState, payload: Buffer): void {
    const message: RtmpMessage = { chunkStreamId, typeId: state.typeId, timestamp: state.timestamp, streamId: state.streamId, payload };
    if (message.typeId === MESSAGE_TYPE.setChunkSize) this.applyChunkSize(payload);
    else if (message.typeId === MESSAGE_TYPE.abort) this.abort(payload);
    this.options.onMessage(message);
  }

  /** §5.4.1: 31-bit size, the top bit must be 0; sizes above 0xFFFFFF are pointless (no message is larger). */
  private applyChunkSize(payload: Buffer): void {
    if (payload.length < 4) throw new RtmpProtocolError('Set Chunk Size message shorter than 4 bytes');
    const size = payload.readUInt32BE(0);
    if (size < 1 || size > 0x7fffffff) throw new RtmpProtocolError(`Invalid chunk size ${size}`);
    this.chunkSize = Math.min(size, 0xffffff);
  }

  /** §5.4.2: drop the partly received message of a chunk stream. */
  private abort(payload: Buffer): void {
    if (payload.length < 4) throw new RtmpProtocolError('Abort message shorter than 4 bytes');
    const state = this.streams.get(payload.readUInt32BE(0));
    if (!state?.message) return;
    this.pendingBytes -= state.message.length;
    const inSlot = this.slot !== undefined && state.message.buffer === this.slot.buffer;
    state.message = undefined;
    state.received = 0;
    if (inSlot) this.leaveSlot();
  }
}
