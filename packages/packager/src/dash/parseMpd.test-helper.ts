import { createRequire } from 'node:module';

/** A playlist as mpd-parser converts a Representation (the package ships no types). */
export interface ParsedRepresentation {
  readonly attributes: { readonly NAME: string; readonly BANDWIDTH: number; readonly CODECS: string; readonly RESOLUTION?: { width: number; height: number } };
  readonly targetDuration: number;
  readonly segments: readonly { readonly uri: string; readonly duration: number; readonly presentationTime: number; readonly map: { readonly uri: string } }[];
}

export interface ParsedMpd {
  readonly duration: number;
  readonly playlists: readonly ParsedRepresentation[];
  readonly mediaGroups: { readonly AUDIO: Record<string, Record<string, { readonly language?: string; readonly playlists: readonly ParsedRepresentation[] }>> };
}

const require = createRequire(import.meta.url);

/** Parses an MPD with mpd-parser (the parser Video.js/VHS uses), as a client would. */
export function parseMpd(text: string): ParsedMpd {
  const { parse } = require('mpd-parser') as { parse: (mpd: string, options: { manifestUri: string }) => ParsedMpd };
  return parse(text, { manifestUri: 'https://cdn.example/vod/manifest.mpd' });
}
