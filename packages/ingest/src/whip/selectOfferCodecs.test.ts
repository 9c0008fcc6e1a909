import { describe, expect, it } from 'vitest';
import { isOttError } from '@ott/core';
import { selectOfferCodecs } from './selectOfferCodecs.js';

// The media sections of a Chromium 156 offer (getUserMedia audio + video, no codec preferences), shortened:
// fingerprints, ICE and extmap lines removed, one rtx/rtcp-fb line kept per codec.
const CHROMIUM_OFFER = [
  'v=0',
  'o=- 571127265403470353 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 0.0.0.0',
  'a=mid:0',
  'a=sendonly',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 104 107 102 103 108 116 45 98',
  'c=IN IP4 0.0.0.0',
  'a=mid:1',
  'a=sendonly',
  'a=rtcp-fb:* nack',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 nack pli',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:104 H264/90000',
  'a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f',
  'a=rtpmap:107 rtx/90000',
  'a=fmtp:107 apt=104',
  'a=rtpmap:102 H264/90000',
  'a=rtcp-fb:102 nack pli',
  'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
  'a=rtpmap:103 rtx/90000',
  'a=fmtp:103 apt=102',
  'a=rtpmap:108 H264/90000',
  'a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  'a=rtpmap:116 H264/90000',
  'a=fmtp:116 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f',
  'a=rtpmap:45 AV1/90000',
  'a=rtpmap:98 VP9/90000',
  '',
].join('\r\n');

/** Keeps only the video section's codecs listed (in that order): what setCodecPreferences does. */
function preferVideo(sdp: string, payloadTypes: readonly number[]): string {
  return sdp.replace(/^m=video (\d+) (\S+) .*$/m, `m=video $1 $2 ${payloadTypes.join(' ')}`);
}

function expectBadOffer(sdp: string, pattern: RegExp): void {
  try {
    selectOfferCodecs(sdp);
  } catch (error) {
    expect(isOttError(error) && error.code).toBe('INGEST_PROTOCOL');
    expect((error as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected selectOfferCodecs to throw');
}

describe('selectOfferCodecs', () => {
  it('keeps one codec per section: the offerer’s first that ffmpeg remuxes (Opus; VP8 for a default Chromium offer)', () => {
    const selected = selectOfferCodecs(CHROMIUM_OFFER);
    expect(selected.audio).toEqual({ kind: 'audio', codec: 'opus', payloadType: 111, clockRate: 48000, channels: 2, fmtp: 'minptime=10;useinbandfec=1' });
    expect(selected.video).toMatchObject({ kind: 'video', codec: 'vp8', payloadType: 96, clockRate: 90000 });
    expect(selected.sdp).toMatch(/^m=audio 9 UDP\/TLS\/RTP\/SAVPF 111\r$/m);
    // One format only: werift answers in its own preference order (H.264 first), and the publisher sends the
    // answer's first format, so leaving "96 102 108" made a default Chromium offer send H.264 to a VP8 remuxer.
    expect(selected.sdp).toMatch(/^m=video 9 UDP\/TLS\/RTP\/SAVPF 96\r$/m);
  });

  it('drops the rtpmap, fmtp and rtcp-fb lines of the other payload types and keeps the rest of the section', () => {
    const { sdp } = selectOfferCodecs(preferVideo(CHROMIUM_OFFER, [102, 96, 108]));
    expect(sdp).not.toMatch(/a=(rtpmap|fmtp|rtcp-fb):(63|9|0|97|104|107|103|116|45|98|96|108) /);
    expect(sdp).toContain('a=rtpmap:102 H264/90000\r\na=rtcp-fb:102 nack pli\r\na=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f');
    expect(sdp).toContain('a=rtcp-fb:* nack');
    expect(sdp).toContain('a=group:BUNDLE 0 1');
    expect(sdp.endsWith('\r\n')).toBe(true);
  });

  it('selects H.264 packetization-mode 1 when the publisher prefers H.264, skipping mode 0 and Main profile', () => {
    const selected = selectOfferCodecs(preferVideo(CHROMIUM_OFFER, [104, 116, 108, 102]));
    expect(selected.video).toMatchObject({ codec: 'h264', payloadType: 108, fmtp: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f' });
    expect(selected.sdp).toMatch(/^m=video 9 UDP\/TLS\/RTP\/SAVPF 108\r$/m);
  });

  it('accepts a video-only offer', () => {
    const videoOnly = CHROMIUM_OFFER.replace(/m=audio[\s\S]*?(?=m=video)/, '');
    const selected = selectOfferCodecs(videoOnly);
    expect(selected.audio).toBeUndefined();
    expect(selected.video?.codec).toBe('vp8');
  });

  it('refuses an offer whose video section has only codecs it cannot remux, naming what was offered', () => {
    expectBadOffer(preferVideo(CHROMIUM_OFFER, [45, 98, 116]), /video section offers av1, vp9, h264; accepted: video H\.264/);
  });

  it('refuses an audio section without Opus', () => {
    expectBadOffer(CHROMIUM_OFFER.replace('m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126', 'm=audio 9 UDP/TLS/RTP/SAVPF 0 8'), /audio section offers pcmu, pcma/);
  });

  it('refuses a body that is not SDP, an offer without media, and two video sections', () => {
    expectBadOffer('hello', /not an SDP offer/);
    expectBadOffer('v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n', /no active audio or video section/);
    const video = CHROMIUM_OFFER.slice(CHROMIUM_OFFER.indexOf('m=video'));
    expectBadOffer(CHROMIUM_OFFER + video, /more than one active video section/);
  });

  it('ignores rejected (port 0) sections', () => {
    const rejectedAudio = CHROMIUM_OFFER.replace('m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126', 'm=audio 0 UDP/TLS/RTP/SAVPF 0');
    expect(selectOfferCodecs(rejectedAudio).audio).toBeUndefined();
  });
});
