import { appendCmcdHeaders, appendCmcdQuery } from '@svta/cml-cmcd';
import type { Cmcd, CmcdV1Data } from '@svta/cml-cmcd';

/** CMCD options: send Common Media Client Data (CTA-5004) with every media request. */
export interface CmcdConfig {
  /** Session ID (`sid`); a random UUID when omitted. */
  readonly sessionId?: string;
  /** Content ID (`cid`). */
  readonly contentId?: string;
  /** `query` (default, no CORS preflight) or `headers`. */
  readonly mode?: 'query' | 'headers';
}

/** What the player knows about one request, turned into CMCD keys. */
export interface CmcdRequestInfo {
  readonly objectType: 'v' | 'a' | 'av' | 'i' | 'm' | 'k' | 'c';
  readonly bitrateKbps?: number;
  readonly durationMs?: number;
  readonly bufferMs?: number;
  readonly throughputKbps?: number;
  readonly topBitrateKbps?: number;
  readonly startup?: boolean;
  /** Unknown for the first manifest request (its content tells HLS from DASH, live from VOD). */
  readonly live?: boolean;
  readonly format?: 'hls' | 'dash';
}

/** Adds CMCD to a request URL or headers with `@svta/cml-cmcd` (encoding is theirs, not hand-written). */
export function withCmcd(config: CmcdConfig, sessionId: string, url: string, info: CmcdRequestInfo): { url: string; headers: Record<string, string> } {
  // CMCD version 1 keys (CTA-5004): the widest server support.
  const v1: CmcdV1Data = {
    sid: sessionId,
    ot: info.objectType as CmcdV1Data['ot'],
    ...(info.format ? { sf: (info.format === 'hls' ? 'h' : 'd') as CmcdV1Data['sf'] } : {}),
    ...(info.live !== undefined ? { st: (info.live ? 'l' : 'v') as CmcdV1Data['st'] } : {}),
    ...(config.contentId ? { cid: config.contentId } : {}),
    ...(info.bitrateKbps ? { br: Math.round(info.bitrateKbps) } : {}),
    ...(info.durationMs ? { d: Math.round(info.durationMs) } : {}),
    ...(info.bufferMs !== undefined ? { bl: Math.round(info.bufferMs / 100) * 100 } : {}),
    ...(info.throughputKbps ? { mtp: Math.round(info.throughputKbps / 100) * 100 } : {}),
    ...(info.topBitrateKbps ? { tb: Math.round(info.topBitrateKbps) } : {}),
    ...(info.startup ? { su: true } : {}),
  };
  const data = v1 as Cmcd;
  if (config.mode === 'headers') {
    const headers: Record<string, string> = {};
    appendCmcdHeaders(headers, data, { version: 1 });
    return { url, headers };
  }
  return { url: appendCmcdQuery(url, data, { version: 1 }), headers: {} };
}
