import { fromCmcdHeaders, fromCmcdQuery } from '@svta/cml-cmcd';
import { describe, expect, it } from 'vitest';
import type { Presentation } from '../manifest/Presentation.js';
import { CmcdSession } from './CmcdSession.js';

const state = (): { throughputBps: number; startup: boolean } => ({ throughputBps: 2_345_000, startup: true });
const vod = { format: 'dash', live: false } as Presentation;
const query = (url: string): Record<string, unknown> => fromCmcdQuery(new URL(url).searchParams) as Record<string, unknown>;

describe('CmcdSession (CTA-5004)', () => {
  it('sends the first manifest request without sf/st (not known yet), later ones with them', () => {
    const cmcd = new CmcdSession({ sessionId: 's-1' }, state);
    expect(query(cmcd.object('https://cdn.test/a.mpd', 'm').url)).toEqual({ sid: 's-1', ot: 'm', mtp: 2300, su: true });
    cmcd.presentation = vod;
    expect(query(cmcd.object('https://cdn.test/v/init.mp4?token=1', 'i').url)).toMatchObject({ sid: 's-1', ot: 'i', sf: 'd', st: 'v' });
  });

  it('describes a media segment: object type, bitrate, duration, buffer, throughput, top bitrate', () => {
    const cmcd = new CmcdSession(true, state);
    cmcd.presentation = vod;
    const shaped = cmcd.media('https://cdn.test/v/seg-1.m4s', { objectType: 'v', bitrateKbps: 600.4, durationMs: 2000, bufferMs: 3240, topBitrateKbps: 1500 });
    expect(shaped.headers).toEqual({});
    expect(query(shaped.url)).toMatchObject({ ot: 'v', br: 600, d: 2000, bl: 3200, mtp: 2300, tb: 1500, su: true, sf: 'd', st: 'v' });
    expect(query(shaped.url)['sid']).toBe(cmcd.sessionId);
  });

  it('in headers mode leaves the URL alone and fills the CMCD-* headers', () => {
    const cmcd = new CmcdSession({ mode: 'headers', contentId: 'movie' }, state);
    cmcd.presentation = vod;
    const shaped = cmcd.media('https://cdn.test/a/seg-1.m4s', { objectType: 'a', bitrateKbps: 64, durationMs: 2005.3, bufferMs: 0 });
    expect(shaped.url).toBe('https://cdn.test/a/seg-1.m4s');
    expect(Object.keys(shaped.headers).sort()).toEqual(['CMCD-Object', 'CMCD-Request', 'CMCD-Session']);
    expect(fromCmcdHeaders(shaped.headers)).toMatchObject({ ot: 'a', br: 64, d: 2005, bl: 0, cid: 'movie', sf: 'd', st: 'v' });
  });
});
