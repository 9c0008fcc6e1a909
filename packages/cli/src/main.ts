import { isOttError, OttError } from '@ott/core';
import { VERSION } from './version.js';

const USAGE = `ott ${VERSION} — OTT video pipelines: file → ABR ladder → CMAF → HLS + DASH

Usage:
  ott vod <input> -o <dir> [--ladder <spec>] [--segment-duration <s>] [--formats hls,dash] [--json]
  ott package <input.mp4>... -o <dir> [--segment-duration <s>] [--formats hls,dash] [--json]
  ott demo [<input>] [-o <dir>] [--json]
  ott decrypt <in.mp4>... -o <out.mp4> --key <hex> [--key <kid>:<key>]...
  ott serve <dir> [--port <port>] [--host 127.0.0.1] [--cors <origins>]
  ott worker --redis <url> [--concurrency <n>] [--metrics-port <port>]   (transcode farm; see ott worker --help)
  ott live --rtmp <port> | --srt <url> | --rtsp <url> | --whip <port> | --file <path> -o <dir> [--ll] [--serve <port>]

Options:
  -o, --output <dir>         output folder (master.m3u8, manifest.mpd, one folder per rendition)
  --ladder <spec>            e.g. "1080p@5000k,720p@2800k,480p,360p,audio@128k" (codec suffix: 720p@2800k:h265)
  --segment-duration <s>     segment target duration in seconds (default 4, cut on keyframes)
  --gop <s>                  keyframe interval in seconds for 'vod' (default 2; the segment duration must be a multiple)
  --preset <name>            x264/x265 preset for 'vod' (default veryfast)
  --formats <list>           hls, dash or hls,dash (default hls,dash)
  --encrypt cenc|cbcs        Common Encryption of the segments ('vod', 'package'); needs --key-id and --key
  --key-id <hex>             key id (16 bytes hex, UUID dashes allowed)
  --key <hex>                content key (16 bytes hex); for 'decrypt' repeatable, also <kid>:<key>
  --iv <hex>                 IV: cenc first counter block (16 bytes) or per-sample base (8); cbcs constant IV (16); default random
  --drm <list>               DRM systems to signal: widevine,playready,fairplay,clearkey (default widevine,playready,clearkey)
  --license-url <url>        ClearKey license URL, signalled in DASH (dashif:Laurl); HLS players take it from their own config
  --clear-lead <s>           leave the first seconds unencrypted
  --cpix <file|url>          take keys from a CPIX 2.3 document or a SPEKE v2-style key server (usage rules pick the key per track)
  --cpix-key <pem file>      private key of the CPIX recipient certificate (for encrypted content keys)
  --port <port>              port of 'serve' (default 8080; 0: a free one); --host <addr> its interface (default 127.0.0.1)
  --json                     JSON-lines events on stdout instead of a progress bar
  -h, --help                 this help
  -v, --version              the version

Exit status: 0 on success; 1 on failure, with a one-line error on stderr (and an {"type":"error"} line with --json).`;

// Each command's module is imported when it runs: `ott package` does not load the live ingest (werift and its
// WebRTC stack) or the servers, which was most of its start-up time.

/** Runs the `ott` command line; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const json = rest.includes('--json');
  try {
    switch (command) {
      case 'vod':
        return await (await import('./commands/vod.js')).runVod(rest);
      case 'package':
        return await (await import('./commands/package.js')).runPackage(rest);
      case 'demo':
        return await (await import('./commands/demo.js')).runDemo(rest);
      case 'decrypt':
        return await (await import('./commands/decrypt.js')).runDecrypt(rest);
      case 'serve':
        return await (await import('./commands/serve.js')).runServe(rest);
      case 'worker':
        return await (await import('./commands/worker.js')).runWorker(rest);
      case 'live':
        return await (await import('./commands/live.js')).runLive(rest);
      case '-v':
      case '--version':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 1 : 0;
      default:
        throw new OttError('CLI_USAGE', `unknown command '${command}'. Run 'ott --help' for the commands.`, { stage: 'cli' });
    }
  } catch (error) {
    reportFailure(error, json);
    return 1;
  }
}

function reportFailure(error: unknown, json: boolean): void {
  const line = isOttError(error)
    ? `ott: error ${error.code}: ${error.message}`
    : `ott: error: ${error instanceof Error ? error.message : String(error)}`;
  if (json) {
    const payload = isOttError(error) ? { type: 'error', ...error.toJSON() } : { type: 'error', code: 'INTERNAL', message: String(error) };
    process.stdout.write(`${JSON.stringify(payload)}\n`);
  }
  process.stderr.write(`${line.split('\n')[0]}\n`);
}
