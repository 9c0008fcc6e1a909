import { VERSION } from '../version.js';

/** Where the docs live: the npm package ships no docs folder, so help points at URLs. */
export const DOCS_URL = 'https://github.com/ott-sdk/ott/blob/main/docs';

/** The commands of `ott`, in the order `ott --help` lists them. */
export const COMMANDS = ['vod', 'package', 'demo', 'decrypt', 'serve', 'live', 'worker'] as const;
export type CommandName = (typeof COMMANDS)[number];

interface CommandHelp {
  /** One or more synopsis lines, as `ott --help` shows them. */
  readonly synopsis: string;
  /** What the command does. */
  readonly about: string;
  /** Option lines (`  --flag <arg>   meaning (default …)`), grouped under headings. */
  readonly options: string;
}

const OUTPUT_OPTIONS = `  -o, --output <dir>       output folder: master.m3u8, manifest.mpd, one folder per rendition (required)
  --segment-duration <s>   segment target duration in seconds, cut on keyframes (default 4)
  --formats <list>         hls, dash or hls,dash (default hls,dash)
  --json                   JSON-lines events on stdout instead of a progress bar (default off)`;

const ENCRYPTION_OPTIONS = `Encryption (${DOCS_URL}/drm.md):
  --encrypt <scheme>       cenc, cbcs (Common Encryption) or aes-128 (HLS whole-segment); default: clear
  --key-id <hex>           key id, 16 bytes hex (UUID dashes allowed); with --key
  --key <hex>              content key, 16 bytes hex; with --key-id
  --iv <hex>               cenc: first counter block (16 bytes) or per-sample base (8); cbcs: constant IV (16);
                           aes-128: the IV (default random)
  --drm <list>             systems to signal: widevine,playready,fairplay,clearkey (default widevine,playready,clearkey)
  --license-url <url>      ClearKey license URL signalled in DASH (dashif:Laurl) (default none)
  --clear-lead <s>         leave the first seconds unencrypted (default 0)
  --cpix <file|url>        keys from a CPIX 2.3 document or a SPEKE v2-style key server (instead of --key-id/--key)
  --cpix-key <pem>         with --cpix: private key of the CPIX recipient certificate (for encrypted content keys)
  --cpix-trust <cert>      with --cpix: a trusted signer's certificate (PEM or DER), repeatable; must sign the document
  --cpix-require-signature with --cpix: refuse an unsigned document (default: signatures checked if present)
  --key-period <k>         key rotation, repeated: <kid>:<key>@<start s> (instead of --key-id/--key)
  --key-period-seconds <s> with --cpix: ContentKeyPeriods by index, one every <s> seconds
  --key-uri <url>          aes-128: the EXT-X-KEY URI (default key.bin beside each media playlist)`;

const SERVE_ACCESS_OPTIONS = `Access control (off unless one of the first four is given; ${DOCS_URL}/origin.md#access-control):
  --jwt-secret <s>         HS256 playback tokens (or env OTT_JWT_SECRET; at least 32 bytes)
  --jwt-public-key <pem>   RS256/ES256 tokens: a PEM file (or the PEM text) of the public key
  --jwks-url <url>         RS256/ES256 tokens: keys from a JWKS URL (cached; refetched for unknown key ids)
  --signed-url-secret <s>  HMAC signed URLs, exp/prefix/sig (or env OTT_SIGNED_URL_SECRET)
  --audience <aud>         required "aud" claim of tokens (default none)
  --token-cookie           carry the token in an HttpOnly cookie instead of rewriting manifest URLs (default off)`;

const HELP: Readonly<Record<CommandName, CommandHelp>> = {
  vod: {
    synopsis: `ott vod <input> -o <dir> [--ladder <spec>] [--segment-duration <s>] [--gop <s>] [--preset <name>] [--formats hls,dash] [--json]
    [encryption flags] [--queue <redis-url> [--chunk-duration <s>] [--threads <n>]]`,
    about: `Transcodes <input> (a file or URL ffmpeg reads) into an ABR ladder with one ffmpeg process, cuts it into CMAF
segments and writes HLS (master.m3u8) and DASH (manifest.mpd) from the same files into <dir>.
With --queue, the job goes to the transcode farm on that Redis instead: the video is cut into chunks that 'ott worker'
processes on any number of machines encode in parallel, then one worker stitches them into the same HLS + DASH
output. <input> and <dir> must be on storage every worker sees at the same path; <dir> may be s3://bucket/prefix.`,
    options: `Options:
${OUTPUT_OPTIONS}
  --ladder <spec>          rungs, e.g. "1080p@5000k,720p@2800k,480p,360p,audio@128k"; codec suffix :h264 :h265 :vp9
                           :av1, audio :aac :opus (default 1080p@5000k,720p@2800k,480p@1400k,360p@800k,audio@128k,
                           trimmed to the source)
  --audio <langs>          source audio streams to keep, by language, e.g. en,fr,de (default: every audio stream,
                           each with its language, title and role: main, alternate, commentary, description)
  --subtitles <list>       sidecar subtitles, <lang>=<file> (SRT or WebVTT), comma-separated; <lang>:forced=<file>
                           for forced subtitles: HLS WebVTT segments + DASH text/vtt (default none)
  --gop <s>                keyframe interval, a divisor of the segment duration (default 2)
  --preset <name>          x264-style speed preset, ultrafast … veryslow (default veryfast)

Transcode farm (${DOCS_URL}/scaling.md):
  --queue <redis-url>      send the job to the farm on this Redis (default: encode here)
  --chunk-duration <s>     video chunk one task encodes, a multiple of the segment duration (default ~30)
  --threads <n>            threads per encode; 0 lets ffmpeg decide (default 1)

S3 output (-o s3://<bucket>/<prefix>; credentials from AWS_ACCESS_KEY_ID etc.; ${DOCS_URL}/storage.md):
  --s3-endpoint <url>      S3-compatible service (default AWS S3)
  --s3-region <name>       region (default AWS_REGION or us-east-1)

${ENCRYPTION_OPTIONS}`,
  },
  package: {
    synopsis: `ott package <input.mp4>... -o <dir> [--segment-duration <s>] [--formats hls,dash] [--json] [encryption flags]
    [--backend ott|shaka-packager]`,
    about: `Packages already-encoded MP4 files (progressive or fragmented; one rendition per file or several tracks in one)
into CMAF segments cut at keyframes, with HLS and DASH manifests, without re-encoding.`,
    options: `Options:
${OUTPUT_OPTIONS}
  --backend <name>         ott, or shaka-packager to run Shaka Packager with the same encryption options (default ott)

${ENCRYPTION_OPTIONS}`,
  },
  demo: {
    synopsis: 'ott demo [<input>] [-o <dir>] [--segment-duration <s>] [--formats hls,dash] [--json]',
    about: `Runs the VOD pipeline on <input>, or on a generated 10 s 720p test source when none is given, into <dir>, with
the default ladder trimmed to the source; then prints how to watch the result (ott serve <dir>).`,
    options: `Options:
  -o, --output <dir>       output folder (default out/demo)
  --segment-duration <s>   segment target duration in seconds (default 4)
  --formats <list>         hls, dash or hls,dash (default hls,dash)
  --json                   JSON-lines events on stdout instead of a progress bar (default off)`,
  },
  decrypt: {
    synopsis: 'ott decrypt <in.mp4>... -o <out.mp4> --key <hex> [--key <kid hex>:<key hex>]... [--json]',
    about: `Decrypts Common Encryption (cenc or cbcs, senc or PIFF signalled) MP4: a fragmented file, or an init segment followed
by media segments (they are read back to back, like 'cat init.mp4 seg-*.m4s'). A --key without a key id decrypts any
key id; give one --key <kid>:<key> per key id for files with several keys.`,
    options: `Options:
  -o, --output <file>      the clear MP4 to write (required)
  --key <key>              <key hex>, or <kid hex>:<key hex>; repeatable (required)
  --json                   a JSON line with the result on stdout (default off)`,
  },
  serve: {
    synopsis: `ott serve <dir> [--port <port>] [--host <addr>] [--cors <origins>] [access-control flags]
ott serve s3://<bucket>/<prefix> [--s3-endpoint <url>] [--s3-region <region>] [--port …] [--host …] [--cors …]`,
    about: `Serves an output folder over HTTP (@ott/origin): HLS/DASH media types, byte ranges, CORS, ETag/304, immutable
segments and short-lived playlists, LL-HLS blocking playlist reload (_HLS_msn/_HLS_part). Stops on Ctrl-C.
Open the printed URL in a browser: a folder without index.html gets a watch page at / (@ott/player with the streams
found in the folder, VOD and live, quality, audio and subtitle menus and stats); with tokens, open
/?src=<stream>/master.m3u8&token=<token>.`,
    options: `Options:
  --port <port>            TCP port (default 8080; 0 picks a free one)
  --host <addr>            interface to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --cors <origins>         '*', a comma-separated list of allowed origins, or 'off' (default *)
  --s3-endpoint <url>      S3-compatible service for s3:// (default AWS S3); credentials from AWS_ACCESS_KEY_ID etc.
  --s3-region <name>       region for s3:// (default AWS_REGION or us-east-1)

${SERVE_ACCESS_OPTIONS}`,
  },
  live: {
    synopsis: `ott live --rtmp <port> | --srt <url> | --rtsp <url> | --whip <port> | --file <path> -o <dir> [--ll] [--serve <port>]
    [--ladder <spec>] [--segment-duration <s>] [--part-duration <s>] [--preset <name>] [--grace <s>]
    [--dvr-window <s>] [--stream-key <key>] [--rtsp-transport tcp|udp] [--loop] [--host <addr>] [--json]
    [--allow-keys <k1,k2>] [--webhook-url <url>] [--max-connections <n>] [--max-connections-per-ip <n>]
    [--publish-timeout <s>] [--input-timeout <s>]`,
    about: `Takes live streams in, encodes each into an ABR ladder and writes HLS (+ LL-HLS with --ll) and DASH (dynamic MPD,
low-latency chunked CMAF with --ll) into <dir>/<stream key>/. When a stream ends (its publisher gone longer than the
grace period, or Ctrl-C), its playlists get EXT-X-ENDLIST and the MPD becomes static: the folder is the VOD replay.`,
    options: `Inputs (one of):
  --rtmp <port>            RTMP server: many publishers on one port, stream key = folder (rtmp://host:port/live/<key>)
  --srt <url>              SRT, e.g. 'srt://127.0.0.1:9000?mode=listener&streamid=cam1' (listener or caller mode)
  --rtsp <url>             pull an IP camera (rtsp://…), reconnecting with back-off
  --whip <port>            WHIP (WebRTC-HTTP ingestion) endpoint: POST http://host:port/whip/<key>
  --file <path>            a file played in real time (demos, tests)

Options:
  -o, --output <dir>       output root (default out/live)
  --ll                     low latency: LL-HLS parts + preload hints + blocking reload, LL-DASH chunked CMAF (default off)
  --serve <port>           also serve <dir> over HTTP with the watch page on this port, 0: a free one (default off)
  --ladder <spec>          rungs (default 720p@2500k,360p@800k,audio@96k)
  --segment-duration <s>   segment duration = GOP (default 2)
  --part-duration <s>      LL part duration (default 0.5)
  --preset <name>          x264 preset (default superfast)
  --grace <s>              how long a dropped publisher may take to come back (default 10)
  --dvr-window <s>         seconds kept in live playlists (default: the whole stream)
  --stream-key <key>       stream name for --srt/--rtsp/--file (default from the URL, or "file")
  --rtsp-transport <t>     tcp or udp for --rtsp (default tcp)
  --loop                   repeat --file until Ctrl-C (default off)
  --host <addr>            interface for --rtmp/--whip/--serve (default 127.0.0.1)
  --allow-keys <list>      RTMP/WHIP: only these stream keys may publish, others are refused (default any)
  --webhook-url <url>      signed webhooks (secret: OTT_WEBHOOK_SECRET, ≥ 32 bytes): publish (RTMP/WHIP; 2xx allows),
                           segment, stream-end and recording-ready (default none; ${DOCS_URL}/webhooks.md)
  --max-connections <n>    RTMP/WHIP: connections at once; more are closed at accept (default 1000)
  --max-connections-per-ip <n>  RTMP: connections from one address (default 50)
  --publish-timeout <s>    RTMP: a connection must publish within this time (default 20)
  --input-timeout <s>      SRT/RTSP: a connected source silent this long is dropped (default 5)
  --json                   JSON-lines events on stdout (default off)`,
  },
  worker: {
    synopsis: `ott worker --redis <url> [--concurrency <n>] [--queue <name>] [--metrics-port <port>] [--metrics-host <addr>]
    [--lock-duration <s>] [--json]`,
    about: `Runs a transcode-farm worker: takes tasks of VOD jobs queued with 'ott vod --queue <url>' (or enqueueVod()) from
Redis and runs them (chunk and audio encodes with ffmpeg, the stitch into HLS + DASH, clean-up). Start one on every
machine that shares Redis and the storage folders (same paths). Stops on Ctrl-C after the running tasks finish; a
second Ctrl-C stops at once (the interrupted tasks are redone by another worker).`,
    options: `Options:
  --redis <url>            Redis of the farm, e.g. redis://10.0.0.5:6379 (required)
  --concurrency <n>        tasks at once (default: the number of CPU cores; encodes are single-threaded by default)
  --queue <name>           BullMQ queue (default ott-vod)
  --metrics-port <port>    serve Prometheus metrics at http://<host>:<port>/metrics (0: a free port) (default none)
  --metrics-host <addr>    interface of the metrics endpoint (default 127.0.0.1)
  --lock-duration <s>      a task whose worker stops renewing its lock this long is redone elsewhere (default 30)
  --json                   JSON lines instead of text (default off)`,
  },
};

/** `ott <command> --help`: synopsis, what it does, every option with its default. */
export function commandHelp(command: CommandName): string {
  const help = HELP[command];
  return `${help.synopsis}\n\n${help.about}\n\n${help.options}\n\nDocs: ${DOCS_URL}/cli.md`;
}

/** `ott --help`: every command with every flag it takes. */
export function usage(): string {
  const commands = COMMANDS.map((command) => {
    const { options } = HELP[command];
    const flags = [...new Set([...options.matchAll(/^ {2}(?:-\w, )?(--[a-z0-9-]+)/gm)].map((match) => match[1]))];
    const synopsis = HELP[command].synopsis.split('\n').filter((line) => line.startsWith('ott '));
    return `${synopsis.map((line) => `  ${line}`).join('\n')}\n      flags: ${flags.join(' ')}`;
  });
  return `ott ${VERSION} — OTT video pipelines: file → ABR ladder → CMAF → HLS + DASH, live, origin with a watch page

Usage:
${commands.join('\n')}

'ott <command> --help' gives each command's options with their defaults. Every command also takes -h, --help;
'ott -v' prints the version.

Exit status: 0 on success; 1 on failure, with a one-line error (code and what to do) on stderr, and an
{"type":"error"} line on stdout with --json. Docs: ${DOCS_URL}/cli.md`;
}
