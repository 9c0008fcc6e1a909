import { RtmpProtocolError } from './RtmpMessage.js';
import type { RtmpMessage } from './RtmpMessage.js';

/**
 * Splits an aggregate message (type 22, RTMP specification 1.0 §7.1.6) into its sub-messages. Each sub-message is
 * an FLV-style tag (type, 24-bit size, 32-bit time in FLV's split layout, stream id) followed by a back pointer;
 * sub-message times are offsets from the first one, placed on the aggregate message's own timestamp.
 *
 * @throws {RtmpProtocolError} when a sub-message overruns the aggregate
 */
export function splitAggregate(message: RtmpMessage): RtmpMessage[] {
  const { payload } = message;
  const out: RtmpMessage[] = [];
  let offset = 0;
  let firstTime: number | undefined;
  while (offset < payload.length) {
    if (payload.length - offset < 11) throw new RtmpProtocolError('Aggregate message ends inside a sub-message header');
    const typeId = payload[offset] ?? 0;
    const size = payload.readUIntBE(offset + 1, 3);
    const time = (payload.readUIntBE(offset + 4, 3) | ((payload[offset + 7] ?? 0) << 24)) >>> 0;
    const bodyStart = offset + 11;
    if (bodyStart + size > payload.length) throw new RtmpProtocolError(`Aggregate sub-message of ${size} bytes overruns the message`);
    firstTime ??= time;
    out.push({
      chunkStreamId: message.chunkStreamId,
      typeId,
      timestamp: (message.timestamp + (time - firstTime)) >>> 0,
      streamId: message.streamId,
      payload: payload.subarray(bodyStart, bodyStart + size),
    });
    offset = Math.min(payload.length, bodyStart + size + 4); // skip the back pointer (a missing last one is tolerated)
  }
  return out;
}
