import type { WhipTrackCodec } from './selectOfferCodecs.js';

/** A track ffmpeg receives as plain RTP on `port` (RTCP on `port + 1`). */
export interface RemuxTrack {
  readonly codec: WhipTrackCodec;
  readonly port: number;
}

const RTPMAP: Record<WhipTrackCodec['codec'], string> = { h264: 'H264', vp8: 'VP8', opus: 'opus' };

/**
 * Writes the SDP that tells ffmpeg's `sdp` demuxer where the decrypted RTP arrives and what it carries (RFC 8866
 * §5). Payload types are the negotiated ones: the packets are forwarded unchanged, only SRTP removed. Plain
 * `RTP/AVP` on 127.0.0.1: the WebRTC transport (ICE, DTLS-SRTP, RTCP feedback) ends in werift.
 */
export function writeRemuxSdp(tracks: readonly RemuxTrack[]): string {
  const lines = ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=ott-whip', 'c=IN IP4 127.0.0.1', 't=0 0'];
  for (const { codec, port } of tracks) {
    const channels = codec.kind === 'audio' ? `/${codec.channels ?? 2}` : '';
    lines.push(`m=${codec.kind} ${port} RTP/AVP ${codec.payloadType}`);
    lines.push(`a=rtpmap:${codec.payloadType} ${RTPMAP[codec.codec]}/${codec.clockRate}${channels}`);
    // Only H.264's fmtp matters to ffmpeg (packetization-mode, sprop-parameter-sets); Opus' fmtp is about encoding.
    if (codec.codec === 'h264' && codec.fmtp) lines.push(`a=fmtp:${codec.payloadType} ${codec.fmtp}`);
    lines.push('a=recvonly');
  }
  return `${lines.join('\r\n')}\r\n`;
}
