import { describe, expect, it } from 'vitest';
import { writeRemuxSdp } from './writeRemuxSdp.js';

describe('writeRemuxSdp', () => {
  it('describes each track on its loopback port with the negotiated payload type', () => {
    const sdp = writeRemuxSdp([
      { port: 40000, codec: { kind: 'video', codec: 'h264', payloadType: 108, clockRate: 90000, fmtp: 'packetization-mode=1;profile-level-id=42e01f' } },
      { port: 40002, codec: { kind: 'audio', codec: 'opus', payloadType: 111, clockRate: 48000, channels: 2, fmtp: 'minptime=10' } },
    ]);
    expect(sdp.split('\r\n')).toEqual([
      'v=0',
      'o=- 0 0 IN IP4 127.0.0.1',
      's=ott-whip',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=video 40000 RTP/AVP 108',
      'a=rtpmap:108 H264/90000',
      'a=fmtp:108 packetization-mode=1;profile-level-id=42e01f',
      'a=recvonly',
      'm=audio 40002 RTP/AVP 111',
      'a=rtpmap:111 opus/48000/2',
      'a=recvonly',
      '',
    ]);
  });

  it('writes VP8 without fmtp', () => {
    const sdp = writeRemuxSdp([{ port: 5000, codec: { kind: 'video', codec: 'vp8', payloadType: 96, clockRate: 90000 } }]);
    expect(sdp).toContain('m=video 5000 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\na=recvonly\r\n');
  });
});
