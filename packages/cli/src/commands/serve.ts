import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startOrigin, type CorsOrigins } from '@ott/origin';
import { usage } from '../args.js';
import { accessFromFlags } from './serveAccess.js';
import { locatePlayerScript } from './locatePlayerScript.js';
import { serveS3 } from './serveS3.js';
import { untilStopSignal } from '../report/untilStopSignal.js';
import { commandHelp } from '../help/help.js';


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
    process.stdout.write(`${commandHelp('serve')}\n`);
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
