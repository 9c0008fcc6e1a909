import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';

/**
 * A WHIP client as a browser page would write it (RFC 9725 §4.2): non-trickle offer, POST, answer, DELETE.
 * `publish(endpoint, codec)` sends the fake camera + microphone (launch Chromium with WEBRTC_FAKE_MEDIA_ARGS).
 */
export const WHIP_PUBLISHER_PAGE = `<!doctype html><meta charset="utf-8"><title>WHIP publisher</title><script>
window.publish = async (endpoint, codec) => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: true });
  const pc = new RTCPeerConnection();
  for (const track of stream.getTracks()) {
    const transceiver = pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    if (track.kind === 'video') {
      const wanted = RTCRtpSender.getCapabilities('video').codecs.filter((c) => c.mimeType.toLowerCase() === 'video/' + codec.toLowerCase());
      transceiver.setCodecPreferences(wanted);
    }
  }
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
  });
  const res = await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp });
  if (res.status !== 201) return { status: res.status, body: await res.text() };
  await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
  const location = res.headers.get('Location');
  window.session = { pc, stream, url: new URL(location, endpoint).href };
  return { status: res.status, location, contentType: res.headers.get('Content-Type') };
};
window.unpublish = async () => {
  const res = await fetch(window.session.url, { method: 'DELETE' });
  window.session.pc.close();
  for (const track of window.session.stream.getTracks()) track.stop();
  return res.status;
};
</script>`;

/** Serves {@link WHIP_PUBLISHER_PAGE} on 127.0.0.1 (another origin than the WHIP server: publishing goes through CORS). */
export async function startWhipPublisherPage(): Promise<{ readonly url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(WHIP_PUBLISHER_PAGE));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Publishes the page's fake camera to `endpoint` with `codec` (`H264` or `VP8`); resolves with the POST's outcome. */
export function publishFromPage(page: Page, endpoint: string, codec: 'H264' | 'VP8'): Promise<Record<string, unknown>> {
  return page.evaluate(([e, c]) => (window as unknown as { publish(e: string, c: string): Promise<Record<string, unknown>> }).publish(e!, c!), [endpoint, codec]);
}
