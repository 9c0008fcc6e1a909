// examples/serve.ts — npx tsx examples/serve.ts out/vod 8080
import { startOrigin } from '@ott/origin';
const origin = await startOrigin({ root: 'out/vod', port: 8080, host: '127.0.0.1' });
console.log(`serving at ${origin.url}`);
process.once('SIGINT', () => void origin.close());
