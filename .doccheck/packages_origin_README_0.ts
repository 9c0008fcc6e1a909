import { startOrigin } from '@ott/origin';

const origin = await startOrigin({ root: 'out/vod', port: 8080, host: '127.0.0.1' });
console.log(`open ${origin.url}`);
process.once('SIGINT', () => void origin.close());
