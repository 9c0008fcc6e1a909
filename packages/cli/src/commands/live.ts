import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createWebhooks } from '@ott/core';
import type { Webhooks } from '@ott/core';
import { startOrigin } from '@ott/origin';
import { locatePlayerScript } from './locatePlayerScript.js';
import type { RunningOrigin } from '@ott/origin';
import { usage } from '../args.js';
import { untilStopSignal } from '../report/untilStopSignal.js';
import { openLiveIngest } from './live/openLiveIngest.js';
import type { IngestLimits, LiveIngestChoice } from './live/openLiveIngest.js';
import { runLiveStreams } from './live/runLiveStreams.js';
import { liveSettings } from './live/liveSettings.js';
import { commandHelp } from '../help/help.js';


const OPTIONS = {
  rtmp: { type: 'string' },
  srt: { type: 'string' },
  rtsp: { type: 'string' },
  whip: { type: 'string' },
  file: { type: 'string' },
  output: { type: 'string', short: 'o' },
  ll: { type: 'boolean' },
  serve: { type: 'string' },
  ladder: { type: 'string' },
  'segment-duration': { type: 'string' },
  'part-duration': { type: 'string' },
  preset: { type: 'string' },
  grace: { type: 'string' },
  'dvr-window': { type: 'string' },
  'stream-key': { type: 'string' },
  'rtsp-transport': { type: 'string' },
  loop: { type: 'boolean' },
  'allow-keys': { type: 'string' },
  'webhook-url': { type: 'string' },
  'max-connections': { type: 'string' },
  'max-connections-per-ip': { type: 'string' },
  'publish-timeout': { type: 'string' },
  'input-timeout': { type: 'string' },
  host: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `ott live`: live ingest → live ladder → HLS/LL-HLS/DASH in a folder, optionally served. Runs until Ctrl-C. */
export async function runLive(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true });
  } catch (error) {
    throw usage('live', error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${commandHelp('live')}\n`);
    return 0;
  }
  const choices: LiveIngestChoice[] = [];
  if (values.rtmp !== undefined) choices.push({ kind: 'rtmp', port: portOf('--rtmp', values.rtmp) });
  if (values.whip !== undefined) choices.push({ kind: 'whip', port: portOf('--whip', values.whip) });
  if (values.srt !== undefined) choices.push({ kind: 'srt', url: values.srt });
  if (values.rtsp !== undefined) choices.push({ kind: 'rtsp', url: values.rtsp });
  if (values.file !== undefined) choices.push({ kind: 'file', path: values.file });
  const [choice, ...more] = choices;
  if (!choice || more.length > 0) throw usage('live', 'give exactly one input: --rtmp <port>, --srt <url>, --rtsp <url>, --whip <port> or --file <path>');
  const transport = values['rtsp-transport'];
  if (transport !== undefined && transport !== 'tcp' && transport !== 'udp') throw usage('live', `--rtsp-transport is tcp or udp, got '${transport}'`);

  const settings = liveSettings(values);
  const output = resolve(values.output ?? 'out/live');
  const host = values.host ?? '127.0.0.1';
  const json = values.json === true;
  const say = (line: string): void => {
    if (!json) process.stderr.write(`${line}\n`);
  };

  const webhooks = webhooksOf(values['webhook-url'], (line) => say(line));
  let origin: RunningOrigin | undefined;
  if (values.serve !== undefined) {
    await mkdir(output, { recursive: true });
    const playerScript = locatePlayerScript();
    origin = await startOrigin({ root: output, port: portOf('--serve', values.serve), host, cors: '*', ...(playerScript === undefined ? {} : { watchPage: { playerScript } }) });
  }
  const ingest = await openLiveIngest(choice, {
    host,
    graceMs: settings.graceSeconds * 1000,
    ...(values['stream-key'] !== undefined ? { streamKey: values['stream-key'] } : {}),
    ...(transport !== undefined ? { rtspTransport: transport } : {}),
    loop: values.loop === true,
    ...(values['allow-keys'] !== undefined ? { allowKeys: values['allow-keys'].split(',').map((k) => k.trim()).filter(Boolean) } : {}),
    ...(webhooks ? { webhooks } : {}),
    limits: ingestLimitsOf(values),
  });
  say(`ott live: ${ingest.description}; writing ${output}/<stream key>/${origin ? `; serving ${origin.url}` : ''}`);
  if (json) process.stdout.write(`${JSON.stringify({ type: 'ready', endpoint: ingest.endpoint, output, ...(origin ? { origin: origin.url } : {}) })}\n`);

  const stopSignals = untilStopSignal(() => say('ott live: stopping (streams are finalised as VOD)…'));
  const running = runLiveStreams(ingest, { output, settings, json, say, ...(origin ? { originUrl: origin.url } : {}), ...(webhooks ? { webhooks } : {}) });
  // A file without --loop ends by itself; everything else runs until Ctrl-C.
  await Promise.race([stopSignals, ingest.finite ? running.idle : new Promise<never>(() => undefined)]);
  await ingest.close();
  const failures = await running.finished;
  await webhooks?.settled();
  if (origin && ingest.finite && values.serve !== undefined && !json) say(`ott live: the stream ended; still serving ${origin.url} (Ctrl-C to stop)`);
  if (origin && ingest.finite) await stopSignals;
  await origin?.close();
  return failures > 0 ? 1 : 0;
}

function webhooksOf(url: string | undefined, say: (line: string) => void): Webhooks | undefined {
  if (url === undefined) return undefined;
  const secret = process.env['OTT_WEBHOOK_SECRET'];
  if (!secret) throw usage('live', '--webhook-url needs the signing secret in OTT_WEBHOOK_SECRET (at least 32 bytes, e.g. openssl rand -hex 32)');
  return createWebhooks({ url, secret, onWarning: (w) => say(`warning ${w.code}: ${w.message}`) });
}

/** The ingest limits of `ott live` (docs/security.md), checked; unset flags keep the ingest's defaults. */
function ingestLimitsOf(values: Readonly<Record<string, unknown>>): IngestLimits {
  const count = (flag: string): number | undefined => {
    const value = values[flag.slice(2)];
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw usage('live', `${flag} must be a whole number in 1..1000000, got '${String(value)}'`);
    return n;
  };
  const seconds = (flag: string): number | undefined => {
    const value = values[flag.slice(2)];
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0 || n > 3600) throw usage('live', `${flag} must be a number of seconds in (0, 3600], got '${String(value)}'`);
    return Math.round(n * 1000);
  };
  const limits = {
    maxConnections: count('--max-connections'),
    maxConnectionsPerIp: count('--max-connections-per-ip'),
    publishTimeoutMs: seconds('--publish-timeout'),
    inputTimeoutMs: seconds('--input-timeout'),
  };
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) as IngestLimits;
}

function portOf(flag: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usage('live', `${flag} must be a port number in 0..65535, got '${value}'`);
  return port;
}
