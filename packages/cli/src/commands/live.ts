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
import type { LiveIngestChoice } from './live/openLiveIngest.js';
import { runLiveStreams } from './live/runLiveStreams.js';
import { liveSettings } from './live/liveSettings.js';

const HELP = `ott live --rtmp <port> | --srt <url> | --rtsp <url> | --whip <port> | --file <path> -o <dir> [--ll] [--serve <port>]
    [--ladder <spec>] [--segment-duration <s>] [--part-duration <s>] [--preset <name>] [--grace <s>]
    [--dvr-window <s>] [--stream-key <key>] [--rtsp-transport tcp|udp] [--loop] [--host <addr>] [--json]
    [--allow-keys <k1,k2>] [--webhook-url <url>]

Takes live streams in, encodes each into an ABR ladder and writes HLS (+ LL-HLS with --ll) and DASH (dynamic MPD,
low-latency chunked CMAF with --ll) into <dir>/<stream key>/. When a stream ends (its publisher gone longer than the
grace period, or Ctrl-C), its playlists get EXT-X-ENDLIST and the MPD becomes static: the folder is the VOD replay.

Inputs (one of):
  --rtmp <port>            RTMP server: many publishers on one port, stream key = folder (rtmp://host:port/live/<key>)
  --srt <url>              SRT, e.g. 'srt://127.0.0.1:9000?mode=listener&streamid=cam1' (listener or caller mode)
  --rtsp <url>             pull an IP camera (rtsp://…), reconnecting with back-off; --rtsp-transport tcp (default)|udp
  --whip <port>            WHIP (WebRTC-HTTP ingestion) endpoint: POST http://host:port/whip/<key>
  --file <path>            a file played in real time (demos, tests); --loop to repeat it until Ctrl-C

Options:
  -o, --output <dir>       output root (default out/live)
  --ll                     low latency: LL-HLS parts + preload hints + blocking reload, LL-DASH chunked CMAF
  --serve <port>           also serve <dir> over HTTP (@ott/origin) on this port (0: a free one)
  --ladder <spec>          default "720p@2500k,360p@800k,audio@96k"
  --segment-duration <s>   segment duration = GOP (default 2)
  --part-duration <s>      LL part duration (default 0.5)
  --preset <name>          x264 preset (default superfast)
  --grace <s>              how long a dropped publisher may take to come back (default 10)
  --dvr-window <s>         seconds kept in live playlists (default: the whole stream)
  --stream-key <key>       stream name for --srt/--rtsp/--file (default from the URL / "file")
  --host <addr>            interface for --rtmp/--whip/--serve (default 127.0.0.1)
  --allow-keys <list>      RTMP/WHIP: only these stream keys may publish; others are refused at connect time
  --webhook-url <url>      signed webhooks (secret: OTT_WEBHOOK_SECRET, ≥ 32 bytes): publish (RTMP/WHIP; 2xx allows),
                           segment, stream-end and recording-ready (see docs/webhooks.md)
  --json                   JSON-lines events on stdout`;

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
    process.stdout.write(`${HELP}\n`);
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

function portOf(flag: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usage('live', `${flag} must be a port number in 0..65535, got '${value}'`);
  return port;
}
