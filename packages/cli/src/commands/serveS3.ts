import type { CorsOrigins } from '@ott/origin';
import { usage } from '../args.js';
import { untilStopSignal } from '../report/untilStopSignal.js';

/** Settings of `ott serve s3://…`. */
export interface ServeS3Options {
  readonly port: number;
  readonly host: string;
  readonly cors: CorsOrigins;
  readonly endpoint: string | undefined;
  readonly region: string | undefined;
  /** Token flags were given: the S3 origin does not check tokens (yet), so this is refused rather than ignored. */
  readonly tokens: boolean;
}

/**
 * `ott serve s3://bucket/prefix`: serves what `toS3` wrote (@ott/s3 `startS3Origin`) until SIGINT/SIGTERM. @ott/s3 and
 * the AWS SDK are loaded only here, so the other commands do not pay for them at start-up.
 */
export async function serveS3(url: string, options: ServeS3Options): Promise<number> {
  if (options.tokens) throw usage('serve', 'token checks (--jwt-secret, --signed-url-secret, …) are not available for s3:// yet; serve a folder, or put a CDN with its own token checks in front');
  if (typeof options.cors === 'function') throw usage('serve', '--cors takes a list for s3://');
  const { parseS3Url, startS3Origin } = await import('@ott/s3');
  const { bucket, prefix } = parseS3Url(url);
  const client = { ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }), ...(options.region === undefined ? {} : { region: options.region }) };
  const origin = await startS3Origin({ client, bucket, prefix, port: options.port, host: options.host, cors: options.cors });
  process.stdout.write(`serving ${url} at ${origin.url}\n`);
  for (const entry of ['master.m3u8', 'manifest.mpd']) {
    if (await origin.origin.source.exists(entry)) process.stdout.write(`  ${origin.url}${entry}\n`);
  }
  await untilStopSignal();
  await origin.close();
  return 0;
}
