import { parseMediaFileName } from '@ott/core';
import type { LayoutMediaName } from '@ott/core';
import { parseLivePlaylist } from './parseLivePlaylist.js';
import type { ParsedLivePlaylist, ParsedSegment } from './parseLivePlaylist.js';

/** Options of {@link checkLowLatencyPlaylist}. */
export interface PlaylistCheckOptions {
  /** Number of `EXT-X-RENDITION-REPORT` tags expected (the other renditions of the presentation); unchecked if absent. */
  readonly renditionReports?: number;
  /** Check that parts last at least 85 % of PART-TARGET (except INDEPENDENT and last parts; default `true`). */
  readonly minPartDuration?: boolean;
}

/** One broken rule: a short rule name and what was found. */
export interface PlaylistProblem {
  readonly rule: string;
  readonly message: string;
}

/** The layout's reading of the last path segment of a URI (`…/seg-00005.p2.m4s`), if it is a segment or part name. */
function mediaNameOf(uri: string | undefined): LayoutMediaName | undefined {
  return uri === undefined ? undefined : parseMediaFileName(uri.slice(uri.lastIndexOf('/') + 1).split('?')[0] ?? '');
}
/** Printed durations carry 3 to 5 decimals: sums of parts may differ from EXTINF by this much. */
const EPSILON = 0.002;

/**
 * Checks a live LL-HLS media playlist against the rules of RFC 8216bis that players rely on, and returns what is
 * broken (an empty list when the playlist passes):
 *
 * - §4.4.3.1: every `EXTINF`, rounded to the nearest integer, ≤ `EXT-X-TARGETDURATION`;
 * - §4.4.3.7 / §4.4.4.9: `EXT-X-PART-INF:PART-TARGET`; every part `DURATION` ≤ PART-TARGET and ≥ 85 % of it
 *   unless INDEPENDENT or the last part of its segment; a segment's parts add up to its `EXTINF`; once a segment lists
 *   parts every later one does;
 * - §4.4.3.8: `CAN-BLOCK-RELOAD=YES`, `PART-HOLD-BACK` ≥ 3 × PART-TARGET, `HOLD-BACK` ≥ 3 × target duration,
 *   `CAN-SKIP-UNTIL` ≥ 6 × target duration;
 * - §4.4.5.3: one `EXT-X-PRELOAD-HINT:TYPE=PART` naming a part that is not listed (with `@ott` file names: the part
 *   after the last listed one, or part 0 of the next segment when that one may have ended its segment);
 * - §4.4.5.4: `EXT-X-RENDITION-REPORT` tags with `LAST-MSN` and `LAST-PART` (as many as expected);
 * - media sequence numbers consistent with the segment and part file names (`@ott` layout), and
 *   `EXT-X-PROGRAM-DATE-TIME` on the first segment and after every `EXT-X-DISCONTINUITY` once the playlist uses it.
 *
 * @example
 * ```ts
 * declare const expect: (value: unknown) => { toEqual(expected: unknown): void }; // vitest's
 * expect(checkLowLatencyPlaylist(await readFile('out/live/video_720p/playlist.m3u8', 'utf8'))).toEqual([]);
 * ```
 */
export function checkLowLatencyPlaylist(text: string, options: PlaylistCheckOptions = {}): PlaylistProblem[] {
  const problems: PlaylistProblem[] = [];
  const fail = (rule: string, message: string): void => {
    problems.push({ rule, message });
  };
  const p = parseLivePlaylist(text);
  if (p.firstLine !== '#EXTM3U') fail('extm3u', 'the first line is not #EXTM3U');
  const td = p.targetDuration;
  if (td === undefined || !(td > 0)) fail('target-duration', 'EXT-X-TARGETDURATION is missing');
  for (const s of p.segments) {
    if (td !== undefined && s.duration !== undefined && Math.round(s.duration) > td) {
      fail('target-duration', `segment ${s.msn} lasts ${s.duration} s, more than EXT-X-TARGETDURATION ${td} once rounded`);
    }
  }
  checkServerControl(p, fail);
  checkParts(p, options, fail);
  checkNumbering(p, fail);
  checkPreloadHint(p, fail);
  checkReports(p, options, fail);
  checkProgramDateTime(p, fail);
  return problems;
}

type Fail = (rule: string, message: string) => void;

function checkServerControl(p: ParsedLivePlaylist, fail: Fail): void {
  const td = p.targetDuration ?? 0;
  const partTarget = Number(p.partInf?.['PART-TARGET']);
  if (p.partInf === undefined) fail('part-inf', 'EXT-X-PART-INF is missing: not a low-latency playlist');
  else if (!(partTarget > 0)) fail('part-inf', 'EXT-X-PART-INF has no positive PART-TARGET');
  const control = p.serverControl;
  if (control === undefined) {
    fail('server-control', 'EXT-X-SERVER-CONTROL is missing');
    return;
  }
  if (control['CAN-BLOCK-RELOAD'] !== 'YES') fail('server-control', 'CAN-BLOCK-RELOAD=YES is missing');
  const partHoldBack = Number(control['PART-HOLD-BACK']);
  if (!(partHoldBack >= 3 * partTarget - 1e-9)) fail('part-hold-back', `PART-HOLD-BACK ${control['PART-HOLD-BACK']} is below 3 × PART-TARGET ${partTarget}`);
  const holdBack = control['HOLD-BACK'];
  if (holdBack !== undefined && !(Number(holdBack) >= 3 * td - 1e-9)) fail('hold-back', `HOLD-BACK ${holdBack} is below 3 × target duration ${td}`);
  const skip = control['CAN-SKIP-UNTIL'];
  if (skip !== undefined && !(Number(skip) >= 6 * td - 1e-9)) fail('can-skip-until', `CAN-SKIP-UNTIL ${skip} is below 6 × target duration ${td}`);
}

function checkParts(p: ParsedLivePlaylist, options: PlaylistCheckOptions, fail: Fail): void {
  const partTarget = Number(p.partInf?.['PART-TARGET']);
  if (!(partTarget > 0)) return;
  let seenParts = false;
  for (const s of p.segments) {
    if (s.parts.length === 0) {
      if (seenParts) fail('part-gap', `segment ${s.msn} lists no parts although an earlier segment does`);
      continue;
    }
    seenParts = true;
    s.parts.forEach((part, i) => {
      if (part.duration > partTarget + 1e-9) fail('part-duration', `part ${i} of segment ${s.msn} lasts ${part.duration} s, more than PART-TARGET ${partTarget}`);
      const last = i === s.parts.length - 1;
      if ((options.minPartDuration ?? true) && !last && !part.independent && part.duration < 0.85 * partTarget - 1e-9) {
        fail('part-min-duration', `part ${i} of segment ${s.msn} lasts ${part.duration} s, less than 85 % of PART-TARGET ${partTarget}`);
      }
    });
    if (s.duration !== undefined) {
      const sum = s.parts.reduce((total, part) => total + part.duration, 0);
      if (Math.abs(sum - s.duration) > EPSILON * s.parts.length) fail('part-sum', `the parts of segment ${s.msn} add up to ${sum.toFixed(5)} s, its EXTINF says ${s.duration}`);
    }
  }
  if (!seenParts) fail('parts', 'the playlist lists no EXT-X-PART');
}

function checkNumbering(p: ParsedLivePlaylist, fail: Fail): void {
  for (const s of p.segments) {
    const segment = mediaNameOf(s.uri);
    if (segment?.kind === 'segment' && segment.number !== s.msn) fail('numbering', `segment URI ${s.uri} sits at media sequence number ${s.msn}`);
    s.parts.forEach((part, i) => {
      const m = mediaNameOf(part.uri);
      if (m?.kind === 'part' && (m.number !== s.msn || m.index !== i)) fail('numbering', `part URI ${part.uri} is listed as part ${i} of segment ${s.msn}`);
    });
  }
}

function checkPreloadHint(p: ParsedLivePlaylist, fail: Fail): void {
  if (p.endList) {
    if (p.preloadHints.length > 0) fail('preload-hint', 'an ended playlist (EXT-X-ENDLIST) has a preload hint');
    return;
  }
  const hints = p.preloadHints.filter((h) => h.TYPE === 'PART');
  if (hints.length !== 1) {
    fail('preload-hint', `expected one EXT-X-PRELOAD-HINT:TYPE=PART, found ${hints.length}`);
    return;
  }
  const uri = hints[0]?.URI ?? '';
  if (p.segments.some((s) => s.parts.some((part) => part.uri === uri))) fail('preload-hint', `the preload hint ${uri} names a part that is already listed`);
  const m = mediaNameOf(uri);
  const expected = nextParts(p.segments);
  if (m?.kind === 'part' && expected.length > 0 && !expected.some((e) => m.number === e.msn && m.index === e.index)) {
    const names = expected.map((e) => `part ${e.index} of segment ${e.msn}`).join(' or ');
    fail('preload-hint', `the preload hint names part ${m.index} of segment ${m.number}, expected ${names}`);
  }
}

/**
 * The parts that may come after the last listed one: after a complete segment, part 0 of the next; after a part of
 * the segment in progress, its next part, or part 0 of the next segment when that part ended it.
 */
function nextParts(segments: readonly ParsedSegment[]): { msn: number; index: number }[] {
  const last = segments[segments.length - 1];
  if (last === undefined) return [];
  if (last.uri !== undefined) return [{ msn: last.msn + 1, index: 0 }];
  return [{ msn: last.msn, index: last.parts.length }, { msn: last.msn + 1, index: 0 }];
}

function checkReports(p: ParsedLivePlaylist, options: PlaylistCheckOptions, fail: Fail): void {
  if (p.endList) return;
  if (options.renditionReports !== undefined && p.renditionReports.length !== options.renditionReports) {
    fail('rendition-report', `expected ${options.renditionReports} EXT-X-RENDITION-REPORT tags, found ${p.renditionReports.length}`);
  }
  for (const report of p.renditionReports) {
    const ok = report.URI !== undefined && /^\d+$/.test(report['LAST-MSN'] ?? '') && /^\d+$/.test(report['LAST-PART'] ?? '');
    if (!ok) fail('rendition-report', `EXT-X-RENDITION-REPORT needs URI, LAST-MSN and LAST-PART: ${JSON.stringify(report)}`);
  }
}

function checkProgramDateTime(p: ParsedLivePlaylist, fail: Fail): void {
  if (!p.segments.some((s) => s.programDateTime !== undefined)) return;
  p.segments.forEach((s, i) => {
    if ((i === 0 || s.discontinuity) && s.programDateTime === undefined) {
      fail('program-date-time', `segment ${s.msn} ${i === 0 ? 'is the first one' : 'follows a discontinuity'} but has no EXT-X-PROGRAM-DATE-TIME`);
    }
    if (s.programDateTime !== undefined && Number.isNaN(Date.parse(s.programDateTime))) fail('program-date-time', `"${s.programDateTime}" is not a date`);
  });
}
