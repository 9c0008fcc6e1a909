import { createRequire } from 'node:module';

/** The parts of m3u8-parser's result the tests read (the package ships no types). */
export interface ParsedM3u8 {
  readonly version?: number;
  readonly targetDuration?: number;
  readonly mediaSequence?: number;
  readonly playlistType?: string;
  readonly endList?: boolean;
  readonly independentSegments?: boolean;
  readonly segments: readonly { readonly uri: string; readonly duration: number; readonly map?: { readonly uri: string } }[];
  readonly playlists?: readonly { readonly uri: string; readonly attributes: Record<string, unknown> }[];
  readonly mediaGroups?: {
    readonly AUDIO?: Record<string, Record<string, { readonly uri?: string; readonly default?: boolean; readonly language?: string }>>;
  };
}

const require = createRequire(import.meta.url);

/** Parses an HLS playlist with m3u8-parser (the parser Video.js/VHS uses), as a client would. */
export function parseM3u8(text: string): ParsedM3u8 {
  const { Parser } = require('m3u8-parser') as { Parser: new () => { push(t: string): void; end(): void; manifest: ParsedM3u8 } };
  const parser = new Parser();
  parser.push(text);
  parser.end();
  return parser.manifest;
}
