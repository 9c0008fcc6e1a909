import { randomUUID } from 'node:crypto';
import type { RTCPeerConnection, RTCRtpReceiver, RtpPacket } from 'werift';
import type { LiveStreamHub, PublisherSession } from '../live/LiveStreamHub.js';
import { answerWhipOffer } from './answerWhipOffer.js';
import type { WhipIceOptions } from './answerWhipOffer.js';
import { isKeyframePacket } from './isKeyframePacket.js';
import { describeRemuxerExit, RtpRemuxer } from './RtpRemuxer.js';
import { selectOfferCodecs } from './selectOfferCodecs.js';
import type { WhipTrackCodec } from './selectOfferCodecs.js';

/** Everything a {@link WhipSession} needs. */
export interface WhipSessionOptions {
  readonly streamKey: string;
  readonly offer: string;
  readonly hub: LiveStreamHub;
  readonly ffmpegPath: string;
  readonly ice: WhipIceOptions;
  readonly remoteAddress?: string;
  /** The bearer token the session was created with: DELETE must present the same one. */
  readonly token?: string;
  /** ffmpeg's RTP reorder wait, ms. */
  readonly reorderDelayMs: number;
  /** Interval of keyframe requests (RTCP PLI) until media flows out of the remuxer, ms. */
  readonly keyframeRequestIntervalMs: number;
  /** The session ends when no RTP arrives for this long (also before the first packet), ms. */
  readonly mediaTimeoutMs: number;
  /** Called once the session has ended and released everything. */
  readonly onEnded: (session: WhipSession) => void;
}

/**
 * One WHIP publisher (RFC 9725 §4.2: the "WHIP session" behind a resource URL): a werift peer connection, an
 * {@link RtpRemuxer} turning its RTP into matroska, and a {@link PublisherSession} of the hub. It ends on DELETE,
 * on a failed or closed peer connection, when media stops for `mediaTimeoutMs`, or when the remuxer dies.
 */
export class WhipSession {
  /** Resource id (the last path segment of the `Location` URL). */
  readonly id = randomUUID();
  private ended: Promise<void> | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private lastPacketAt = Date.now();
  private keyframeSeen = false;
  private outputStarted = false;
  private videoReceiver: { receiver: RTCRtpReceiver; ssrc: number } | undefined;
  private frame = { key: false, firstTimestamp: undefined as number | undefined };

  private constructor(
    private readonly options: WhipSessionOptions,
    private readonly pc: RTCPeerConnection,
    /** The SDP answer (all candidates included). */
    readonly answer: string,
    private readonly remuxer: RtpRemuxer,
    private readonly publisher: PublisherSession,
  ) {}

  get streamKey(): string {
    return this.options.streamKey;
  }

  get token(): string | undefined {
    return this.options.token;
  }

  /** True once {@link end} was called (the session URL is then gone: 404). */
  get isEnding(): boolean {
    return this.ended !== undefined;
  }

  /**
   * Negotiates, starts the remuxer and publishes on the hub. Throws `INGEST_PROTOCOL` for an unusable offer (and
   * whatever `hub.publish` throws); nothing is left running on failure.
   */
  static async start(options: WhipSessionOptions): Promise<WhipSession> {
    const selected = selectOfferCodecs(options.offer);
    let session: WhipSession | undefined;
    // ffmpeg starts while werift negotiates, and is listening before the answer leaves: the publisher's first
    // keyframe is not lost to a socket that does not exist yet.
    const [negotiated, remuxing] = await Promise.allSettled([
      answerWhipOffer(selected, options.ice, (peer) => {
        peer.ontrack = ({ track, receiver }) => {
          const kind = track.kind === 'video' ? 'video' : 'audio';
          track.onReceiveRtp.subscribe((packet) => session?.onRtp(kind, selected[kind], packet, receiver));
          track.onReceiveRtcp.subscribe((packet) => session?.remuxer.sendRtcp(kind, packet.serialize()));
        };
      }),
      RtpRemuxer.start({ ffmpegPath: options.ffmpegPath, ...selected, reorderDelayMs: options.reorderDelayMs }),
    ]);
    const pc = negotiated.status === 'fulfilled' ? negotiated.value.pc : undefined;
    const remuxer = remuxing.status === 'fulfilled' ? remuxing.value : undefined;
    try {
      if (negotiated.status === 'rejected') throw negotiated.reason;
      if (remuxing.status === 'rejected') throw remuxing.reason;
      const publisher = options.hub.publish(options.streamKey, {
        format: 'matroska',
        data: remuxing.value.output,
        ...(selected.video ? { video: { codec: selected.video.codec } } : {}),
        ...(selected.audio ? { audio: { codec: 'opus', sampleRate: 48000, channels: selected.audio.channels ?? 2 } } : {}),
        ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
      });
      session = new WhipSession(options, negotiated.value.pc, negotiated.value.answer, remuxing.value, publisher);
    } catch (error) {
      await Promise.all([pc?.close().catch(() => undefined), remuxer?.stop()]);
      throw error;
    }
    session.watch();
    return session;
  }

  /** Ends the session (idempotent); resolves once the peer connection and ffmpeg are gone. */
  end(reason: string): Promise<void> {
    this.ended ??= this.release(reason);
    return this.ended;
  }

  private watch(): void {
    this.pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') this.requestKeyframe();
      if (state === 'failed') void this.end('ICE/DTLS connection failed');
      if (state === 'closed') void this.end('peer connection closed');
    });
    this.pc.iceConnectionStateChange.subscribe((state) => {
      if (state === 'failed') void this.end('ICE connection failed');
    });
    // A publisher's RTCPeerConnection.close() sends a DTLS close_notify alert (RFC 8261 §6.1 via RFC 5246 §7.2.1);
    // werift closes the DTLS transport on it but leaves connectionState as it was.
    for (const dtls of this.pc.dtlsTransports) {
      dtls.onStateChange.subscribe((state) => {
        if (state === 'closed') void this.end('publisher closed the peer connection');
        if (state === 'failed') void this.end('DTLS failed');
      });
    }
    this.remuxer.output.once('data', () => (this.outputStarted = true));
    void this.remuxer.exited.then((exit) => {
      if (exit.stopped) return;
      this.options.hub.warn(this.streamKey, exit.spawnError ? 'FFMPEG_NOT_FOUND' : 'FFMPEG_FAILED', `${describeRemuxerExit(exit, this.options.ffmpegPath)}.`);
      void this.end('the remuxer (ffmpeg) stopped');
    });
    const every = (ms: number, action: () => void): void => {
      const timer = setInterval(action, ms);
      timer.unref();
      this.timers.push(timer);
    };
    // RFC 4585 §6.3.1 PLI: a publisher's first keyframe may reach ffmpeg before its sockets are up; ask again until
    // ffmpeg has found its stream parameters (which needs a keyframe) and produced output.
    every(this.options.keyframeRequestIntervalMs, () => {
      if (!this.keyframeSeen || !this.outputStarted) this.requestKeyframe();
    });
    every(Math.min(1000, this.options.mediaTimeoutMs), () => {
      const silentMs = Date.now() - this.lastPacketAt;
      if (silentMs >= this.options.mediaTimeoutMs) void this.end(`no media received for ${Math.round(silentMs / 1000)} s`);
    });
  }

  private onRtp(kind: 'video' | 'audio', codec: WhipTrackCodec | undefined, packet: RtpPacket, receiver: RTCRtpReceiver): void {
    if (this.ended || !codec) return;
    this.lastPacketAt = Date.now();
    this.remuxer.sendRtp(kind, packet.serialize());
    this.publisher.health.addBytes(packet.payload.length);
    if (kind !== 'video' || packet.payload.length === 0) return;
    this.videoReceiver ??= { receiver, ssrc: packet.header.ssrc };
    if (isKeyframePacket(codec.codec, packet.payload)) {
      this.frame.key = true;
      this.keyframeSeen = true;
    }
    if (!packet.header.marker) return;
    // The marker bit ends a video frame (RFC 6184 §5.1, RFC 7741 §4.1); media time from the 90 kHz RTP clock.
    this.frame.firstTimestamp ??= packet.header.timestamp;
    const seconds = ((packet.header.timestamp - this.frame.firstTimestamp) >>> 0) / codec.clockRate;
    this.publisher.health.addFrame(this.frame.key, seconds);
    this.frame.key = false;
  }

  private requestKeyframe(): void {
    const target = this.videoReceiver;
    if (target && !this.ended) void target.receiver.sendRtcpPLI(target.ssrc).catch(() => undefined);
  }

  private async release(reason: string): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.publisher.end(reason);
    await Promise.all([this.pc.close().catch(() => undefined), this.remuxer.stop()]);
    this.options.onEnded(this);
  }
}
