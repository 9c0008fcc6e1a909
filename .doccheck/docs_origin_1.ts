// examples/tokens.ts — npx tsx examples/tokens.ts out 8080   (serves out/<stream>/...)
import { signPlaybackToken, signUrl, startOrigin } from '@ott/origin';

const origin = await startOrigin({
  root: 'out',
  access: {
    jwt: { secret: jwtSecret, algorithms: ['HS256'], audience: 'example-viewers' },
    signedUrls: { secret: urlSecret },
  },
});
// Your backend, per viewer, after its own checks:
const token = await signPlaybackToken({ algorithm: 'HS256', secret: jwtSecret, stream: 'movie', audience: 'example-viewers', expiresInSeconds: 3600 });
const signed = signUrl(`${origin.url}movie/master.m3u8`, { secret: urlSecret, expiresInSeconds: 3600 });
