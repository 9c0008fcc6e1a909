// Serve output folders behind playback tokens (JWT) and signed URLs with @ott/origin, and sign both as a backend would.
// Run: npx tsx examples/tokens.ts [out] [8080]   (serves <out>/<stream>/..., e.g. `ott vod in.mp4 -o out/movie`)
// OTT_JWT_SECRET and OTT_SIGNED_URL_SECRET set the secrets (32+ bytes); CHECK_ONLY=1 exits after the self-check.
import { readdirSync } from 'node:fs';
import { signPlaybackToken, signUrl, startOrigin } from '@ott/origin';

const [root = 'out', port = '8080'] = process.argv.slice(2);
const jwtSecret = process.env.OTT_JWT_SECRET ?? 'example-playback-secret-change-me-32b!';
const urlSecret = process.env.OTT_SIGNED_URL_SECRET ?? 'example-signed-url-secret-change-me-32b';

const origin = await startOrigin({
  root,
  port: Number(port),
  access: {
    jwt: { secret: jwtSecret, algorithms: ['HS256'], audience: 'example-viewers' },
    signedUrls: { secret: urlSecret },
  },
});

// Your backend hands these out, per viewer and stream, after its own login/paywall checks.
const stream = readdirSync(root, { withFileTypes: true }).find((entry) => entry.isDirectory())?.name ?? 'movie';
const token = await signPlaybackToken({ algorithm: 'HS256', secret: jwtSecret, stream, audience: 'example-viewers', expiresInSeconds: 3600 });
const tokenUrl = `${origin.url}${stream}/master.m3u8?token=${token}`;
const signedUrl = signUrl(`${origin.url}${stream}/master.m3u8`, { secret: urlSecret, expiresInSeconds: 3600 });

for (const [label, url] of [['with token', tokenUrl], ['signed URL', signedUrl], ['no credential', `${origin.url}${stream}/master.m3u8`]] as const) {
  const res = await fetch(url);
  console.log(`${label}: ${res.status} ${res.headers.get('x-ott-reason') ?? ''}`.trim());
}
console.log(`play (HLS): ${tokenUrl}\nplay (DASH): ${tokenUrl.replace('master.m3u8', 'manifest.mpd')}\nsigned: ${signedUrl}`);

if (process.env.CHECK_ONLY === '1') await origin.close();
process.once('SIGINT', () => void origin.close());
process.once('SIGTERM', () => void origin.close());
