// Serve an output folder (of `ott vod`, `ott package` or examples/vod.ts) over HTTP with @ott/origin.
// Run: npx tsx examples/serve.ts [out/vod] [8080]   (then open <url>master.m3u8 or <url>manifest.mpd in a player)
import { startOrigin } from '@ott/origin';

const [root = 'out/vod', port = '8080'] = process.argv.slice(2);

const origin = await startOrigin({ root, port: Number(port), host: '127.0.0.1' });
console.log(`serving ${root} at ${origin.url} (Ctrl-C stops)`);
process.once('SIGINT', () => void origin.close());
process.once('SIGTERM', () => void origin.close());
