import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startOrigin, type CorsOrigins } from '@ott/origin';
import { usage } from '../args.js';
import { accessFromFlags, SERVE_ACCESS_HELP } from './serveAccess.js';
import { locatePlayerScript } from './locatePlayerScript.js';
import { serveS3 } from './serveS3.js';
import { untilStopSignal } from '../report/untilStopSignal.js';

const HELP = `ott serve <dir> [--port <port>] [--host <addr>] [--cors <origins>]
ott serve s3://<bucket>/<prefix> [--s3-endpoint <url>] [--s3-region <region>] [--port …] [--host …] [--cors …]

Serves an output folder over HTTP (@ott/origin): HLS/DASH media types, byte ranges, CORS, ETag/304, immutable
segments and short-lived playlists, LL-HLS blocking playlist reload (_HLS_msn/_HLS_part). Stops on Ctrl-C.
Open the printed URL in a browser: a folder without index.html gets a watch page at / (@ott/player with the streams
found in the folder, VOD and live, quality, audio and subtitle menus and stats); with tokens, open
/?src=<stream>/master.m3u8&token=<token>.

  --port <port>       TCP port (default 8080; 0 picks a free one)
  --host <addr>       interface to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --cors <origins>    '*' (default), a comma-separated list of allowed origins, or 'off'
  --s3-endpoint <url> S3-compatible service for s3:// (default AWS S3); credentials from AWS_ACCESS_KEY_ID etc.
  --s3-region <name>  region for s3:// (default AWS_REGION or us-east-1)
${SERVE_ACCESS_HELP}`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  cors: { type: 'string' },
  's3-endpoint': { type: 'string' },
  's3-region': { type: 'string' },
  'jwt-secret': { type: 'string' },
  'jwt-public-key': { type: 'string' },
  'jwks-url': { type: 'string' },
  audience: { type: 'string' },
  'signed-url-secret': { type: 'string' },
  'token-cookie': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `ott serve <dir>`: the folder origin, until SIGINT/SIGTERM. */
export async function runServe(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usage('serve', error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const [dir, ...extra] = positionals;
  if (dir === undefined) throw usage('serve', 'missing <dir> (the folder to serve)');
  if (extra.length > 0) throw usage('serve', `one folder only, got also '${extra.join(' ')}'`);
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usage('serve', `--port must be an integer in 0..65535, got '${values.port}'`);
  if (dir.startsWith('s3://')) {
    const s3 = { endpoint: values['s3-endpoint'], region: values['s3-region'], tokens: accessFromFlags(values) !== undefined };
    return serveS3(dir, { port, host: values.host ?? '127.0.0.1', cors: corsOf(values.cors), ...s3 });
  }
  const root = resolve(dir);
  const access = accessFromFlags(values);
  const playerScript = locatePlayerScript();
  const origin = await startOrigin({
    root,
    port,
    host: values.host ?? '127.0.0.1',
    cors: corsOf(values.cors),
    ...(access ? { access } : {}),
    ...(playerScript === undefined ? {} : { watchPage: { playerScript } }),
  });
  process.stdout.write(`serving ${root} at ${origin.url}${access ? ' (tokens required: <url><stream>/master.m3u8?token=…)' : ''}\n`);
  if (playerScript !== undefined && !existsSync(join(root, 'index.html'))) {
    process.stdout.write(`  watch: ${origin.url}${access ? '?src=<stream>/master.m3u8&token=<token>' : ''}\n`);
  }
  for (const entry of ['master.m3u8', 'manifest.mpd']) {
    if (existsSync(join(root, entry))) process.stdout.write(`  ${origin.url}${entry}\n`);
  }
  await untilStopSignal();
  await origin.close();
  return 0;
}

function corsOf(value: string | undefined): CorsOrigins {
  if (value === undefined || value === '*') return '*';
  if (value === 'off') return false;
  const list = value.split(',').map((origin) => origin.trim()).filter(Boolean);
  if (list.length === 0) throw usage('serve', `--cors takes '*', 'off' or a list of origins, got '${value}'`);
  return list;
}
