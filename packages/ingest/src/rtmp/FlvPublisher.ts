import { Readable } from 'node:stream';
import type { LiveStreamHub, PublisherSession } from '../live/LiveStreamHub.js';
import { FLV_TAG, FlvWriter } from './FlvWriter.js';
import type { MetadataHints } from './readMetadataHints.js';

/** Options of a {@link FlvPublisher}. */
export interface FlvPublisherOptions {
  readonly hub: LiveStreamHub;
  readonly streamKey: string;
  readonly remoteAddress: string;
  /** Stop reading from the publisher: the consumer of the FLV stream is behind. */
  readonly pause: () => void;
  /** Read again: the consumer wants more. */
  readonly resume: () => void;
}

/** How much FLV the stream holds for a slow consumer before the publisher's socket is paused. */
const HIGH_WATER_MARK = 1024 * 1024;

/**
 * Turns one publish of an RTMP connection into a hub session: RTMP audio/video/data payloads become FLV tags on a
 * `Readable` (FLV header, the `onMetaData` script tag first when the publisher sent one, then media), handed to
 * `hub.publish(key, { format: 'flv', ... })` when the first metadata or media message arrives (so the metadata's
 * codec hints are known). A full `Readable` pauses the socket until its consumer reads again.
 */
export class FlvPublisher {
  private readonly flv = new FlvWriter();
  private readonly data: Readable;
  private session: PublisherSession | undefined;
  private paused = false;
  private ended = false;

  constructor(private readonly options: FlvPublisherOptions) {
    this.data = new Readable({ highWaterMark: HIGH_WATER_MARK, read: () => this.onRead() });
  }

  /** The hub session, once started. */
  get publisherSession(): PublisherSession | undefined {
    return this.session;
  }

  /** An `onMetaData` script body (`"onMetaData", {...}`) and what it says about the tracks. */
  metadata(timestamp: number, scriptBody: Buffer, hints: MetadataHints): void {
    if (this.ended) return;
    if (!this.session) this.start(hints);
    this.write(FLV_TAG.script, timestamp, scriptBody);
  }

  /** An audio (8) or video (9) message payload. */
  media(type: typeof FLV_TAG.audio | typeof FLV_TAG.video, timestamp: number, payload: Buffer): void {
    if (this.ended || payload.length === 0) return;
    const session = this.session ?? this.start({});
    if (type === FLV_TAG.video) {
      const frame = videoFrameKind(payload);
      if (frame !== 'none') session.health.addFrame(frame === 'key', timestamp / 1000);
    }
    this.write(type, timestamp, payload);
  }

  /** Bytes received from the publisher (for the bitrate). */
  countBytes(count: number): void {
    this.session?.health.addBytes(count);
  }

  /** The publish is over: ends the FLV stream and the hub session (starting its grace period). Idempotent. */
  end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    if (this.paused) {
      this.paused = false;
      this.options.resume();
    }
    if (!this.data.destroyed) this.data.push(null);
    this.session?.end(reason);
  }

  private start(hints: MetadataHints): PublisherSession {
    const { hub, streamKey, remoteAddress } = this.options;
    // Without metadata both flags are set, as ffmpeg's own RTMP client does: its FLV demuxer adds streams as it sees them.
    const tracks = hints.video || hints.audio ? { video: hints.video !== undefined, audio: hints.audio !== undefined } : { video: true, audio: true };
    this.data.push(this.flv.header(tracks));
    this.session = hub.publish(streamKey, {
      format: 'flv',
      data: this.data,
      ...(hints.video ? { video: hints.video } : {}),
      ...(hints.audio ? { audio: hints.audio } : {}),
      remoteAddress,
    });
    return this.session;
  }

  private write(type: (typeof FLV_TAG)[keyof typeof FLV_TAG], timestamp: number, body: Buffer): void {
    // A consumer that destroyed the stream wants no more: drop the media rather than stall the publisher.
    if (this.data.destroyed) return;
    let full = false;
    for (const part of this.flv.tag(type, timestamp, body)) full = !this.data.push(part) || full;
    if (full && !this.paused) {
      this.paused = true;
      this.options.pause();
    }
  }

  private onRead(): void {
    if (!this.paused) return;
    this.paused = false;
    this.options.resume();
  }
}

/**
 * Classifies a VIDEODATA body (FLV spec E.4.3.1; Enhanced RTMP `IsExHeader`): a coded frame (key or inter), or
 * 'none' for sequence headers, end-of-sequence and command frames, which are not pictures.
 */
export function videoFrameKind(payload: Buffer): 'key' | 'inter' | 'none' {
  const first = payload[0] ?? 0;
  if (first & 0x80) {
    const frameType = (first >> 4) & 0x07;
    const packetType = first & 0x0f; // 1 CodedFrames, 3 CodedFramesX carry pictures
    if (frameType === 5 || (packetType !== 1 && packetType !== 3)) return 'none';
    return frameType === 1 ? 'key' : 'inter';
  }
  const frameType = first >> 4;
  const codecId = first & 0x0f;
  if (frameType === 5) return 'none';
  // AVC (7) and ffmpeg's HEVC-in-FLV (12): AVCPacketType 0 = sequence header, 1 = NALUs, 2 = end of sequence
  if ((codecId === 7 || codecId === 12) && payload[1] !== 1) return 'none';
  return frameType === 1 ? 'key' : 'inter';
}
