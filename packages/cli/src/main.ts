import { isOttError, OttError } from '@ott/core';
import { usage } from './help/help.js';
import { VERSION } from './version.js';


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
        process.stdout.write(`${usage()}\n`);
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
