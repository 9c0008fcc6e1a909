import { OttError } from '@ott/core';
import type { RTCPeerConnection } from 'werift';
import { loadWerift } from './loadWerift.js';
import type { SelectedOffer } from './selectOfferCodecs.js';

/** A STUN or TURN server (the fields of WebRTC's `RTCIceServer` that werift uses). */
export interface WhipIceServer {
  /** `stun:host:port` or `turn:host:port?transport=udp`. */
  readonly urls: string;
  readonly username?: string;
  readonly credential?: string;
}

/** ICE settings of the WHIP ingest's peer connections. */
export interface WhipIceOptions {
  /** STUN/TURN servers for the server side's candidates (default none: host candidates only). */
  readonly iceServers?: readonly WhipIceServer[];
  /**
   * The one IPv4 address host candidates are gathered on (e.g. `127.0.0.1` for tests, or the server's public
   * address). Default: every interface.
   */
  readonly iceHostAddress?: string;
  /** UDP port range for ICE (`[min, max]`, min < max), e.g. to match a firewall rule. */
  readonly icePortRange?: readonly [number, number];
  /** How long to wait for candidate gathering before answering with what there is (ms, default 5000). */
  readonly gatherTimeoutMs?: number;
}

/** A negotiated peer connection and the answer to send back. */
export interface WhipAnswer {
  readonly pc: RTCPeerConnection;
  readonly answer: string;
}

/**
 * Answers a WHIP offer (RFC 9725 §4.2), already restricted by `selectOfferCodecs`, with werift and returns the answer
 * with every ICE candidate gathered (the server does not trickle, so the answer is complete). The caller must attach
 * `ontrack` before the offer is applied, hence `beforeOffer`.
 *
 * @throws {OttError} `INGEST_PROTOCOL` when werift refuses the offer (the HTTP layer answers 400).
 */
export async function answerWhipOffer(selected: SelectedOffer, ice: WhipIceOptions, beforeOffer: (pc: RTCPeerConnection) => void): Promise<WhipAnswer> {
  const { RTCPeerConnection, RTCRtpCodecParameters, useNACK, usePLI, useTWCC, useTransportWideCC } = await loadWerift();
  // Only the MIME type of these entries matters: werift keeps the offer's own payload types and fmtp.
  const feedback = [useNACK(), usePLI(), useTWCC()];
  const pc = new RTCPeerConnection({
    // werift's default is a public STUN server: never contact it unless configured (NOTES.md, werift).
    iceServers: (ice.iceServers ?? []).map((server) => ({ ...server })),
    ...(ice.iceHostAddress ? { iceUseIpv6: false, iceInterfaceAddresses: { udp4: ice.iceHostAddress }, iceAdditionalHostAddresses: [ice.iceHostAddress] } : {}),
    ...(ice.icePortRange ? { icePortRange: [ice.icePortRange[0], ice.icePortRange[1]] as [number, number] } : {}),
    codecs: {
      video: [
        new RTCRtpCodecParameters({ mimeType: 'video/H264', clockRate: 90000, rtcpFeedback: feedback, parameters: 'packetization-mode=1;profile-level-id=42e01f' }),
        new RTCRtpCodecParameters({ mimeType: 'video/VP8', clockRate: 90000, rtcpFeedback: feedback }),
      ],
      audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })],
    },
    // Transport-wide congestion control feedback lets the publisher's bandwidth estimate ramp up past its start rate.
    headerExtensions: { video: [useTransportWideCC()], audio: [] },
  });
  try {
    beforeOffer(pc);
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp: selected.sdp });
    } catch (cause) {
      throw new OttError('INGEST_PROTOCOL', `The WHIP offer cannot be used: ${(cause as Error).message}.`, { stage: 'ingest', fatal: false, cause });
    }
    await pc.setLocalDescription(await pc.createAnswer());
    if (pc.iceGatheringState !== 'complete') {
      await pc.iceGatheringStateChange.watch((state) => state === 'complete', ice.gatherTimeoutMs ?? 5000).catch(() => undefined);
    }
    const answer = pc.localDescription?.sdp;
    if (!answer) throw new Error('werift produced no local description');
    return { pc, answer };
  } catch (error) {
    await pc.close().catch(() => undefined);
    throw error;
  }
}
