/** One RTMP message, reassembled from its chunks (Adobe RTMP specification 1.0, §5.4 and §6.1). */
export interface RtmpMessage {
  /** Chunk stream the message arrived on (or is to be sent on). */
  readonly chunkStreamId: number;
  /** Message type id (§5.4, §7.1): see {@link MESSAGE_TYPE}. */
  readonly typeId: number;
  /** Absolute timestamp in milliseconds (32 bits, wraps). */
  readonly timestamp: number;
  /** Message stream id (0 for protocol control and NetConnection commands). */
  readonly streamId: number;
  readonly payload: Buffer;
}

/** RTMP message type ids (§5.4 protocol control, §7.1 RTMP messages). */
export const MESSAGE_TYPE = {
  setChunkSize: 1,
  abort: 2,
  acknowledgement: 3,
  userControl: 4,
  windowAckSize: 5,
  setPeerBandwidth: 6,
  audio: 8,
  video: 9,
  dataAmf3: 15,
  sharedObjectAmf3: 16,
  commandAmf3: 17,
  dataAmf0: 18,
  sharedObjectAmf0: 19,
  commandAmf0: 20,
  aggregate: 22,
} as const;

/** User control event types (§7.1.7). */
export const USER_CONTROL = {
  streamBegin: 0,
  streamEof: 1,
  pingRequest: 6,
  pingResponse: 7,
} as const;

/** A protocol violation by the peer: the connection is dropped (code `INGEST_PROTOCOL`). */
export class RtmpProtocolError extends Error {
  override readonly name = 'RtmpProtocolError';
}
