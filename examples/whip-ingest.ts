// Accept WHIP publishers (browsers, OBS 30+) with @ott/ingest and record each publisher session as a matroska file.
// Run: npx tsx examples/whip-ingest.ts [out/whip] [8080] [host]   (WHIP_TOKEN sets the bearer token, default "secret")
// Publish: open the page this example serves on port+1 (camera + microphone → WHIP), or in OBS 30+: Settings → Stream
//          → Service "WHIP", Server http://<host>:8080/whip/cam1, Bearer Token "secret".
// host 127.0.0.1 (default) offers ICE on loopback only; use 0.0.0.0 (every interface) for publishers elsewhere.
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { createWhipServer } from '@ott/ingest';

const [out = 'out/whip', port = '8080', host = '127.0.0.1'] = process.argv.slice(2);
const token = process.env.WHIP_TOKEN ?? 'secret';
mkdirSync(out, { recursive: true });

const whip = await createWhipServer({ port: Number(port), host, graceMs: 5000, authorize: (request) => request.token === token });
whip.events.subscribe((event) => console.log(JSON.stringify(event)));
whip.streams.subscribe((stream) =>
  stream.items.subscribe({
    next: (item) => {
      // pipe() waits for the file: a slow disk pauses ffmpeg's output instead of filling memory
      if (item.type === 'live-input') item.data.pipe(createWriteStream(join(out, `${item.streamKey}-${item.session}.mkv`)));
    },
    complete: () => console.log(`stream ${stream.streamKey} ended`),
  }),
);

// The publisher page comes from another origin (port + 1): the WHIP server answers its CORS pre-flights.
const page = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(publisherPage(`${whip.url}/cam1`, token)));
page.listen(Number(port) + 1, host);
console.log(`WHIP endpoint ${whip.url}/<stream key> (bearer token "${token}"), publisher page http://${host}:${Number(port) + 1}/`);
const stop = (): void => {
  page.close();
  void whip.close();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

/** A minimal WHIP client (RFC 9725 §4.2): non-trickle offer, POST, answer, DELETE on stop. */
function publisherPage(endpoint: string, bearer: string): string {
  return `<!doctype html><meta charset="utf-8"><title>WHIP publisher</title>
<button id="go">Publish</button> <button id="stop" disabled>Stop</button> <span id="status"></span>
<script>
let session;
document.getElementById('go').onclick = async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 }, audio: true });
  const pc = new RTCPeerConnection();
  for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((done) => pc.iceGatheringState === 'complete' ? done() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && done()));
  const headers = { 'Content-Type': 'application/sdp', Authorization: ${JSON.stringify(`Bearer ${bearer}`)} };
  const res = await fetch(${JSON.stringify(endpoint)}, { method: 'POST', headers, body: pc.localDescription.sdp });
  if (res.status !== 201) return (document.getElementById('status').textContent = res.status + ' ' + (await res.text()));
  await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
  session = { pc, stream, url: new URL(res.headers.get('Location'), ${JSON.stringify(endpoint)}).href, headers };
  document.getElementById('status').textContent = 'publishing';
  document.getElementById('stop').disabled = false;
};
document.getElementById('stop').onclick = async () => {
  await fetch(session.url, { method: 'DELETE', headers: { Authorization: session.headers.Authorization } });
  session.pc.close();
  for (const track of session.stream.getTracks()) track.stop();
  document.getElementById('status').textContent = 'stopped';
};
</script>`;
}
