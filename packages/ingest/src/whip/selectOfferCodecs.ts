import { OttError } from '@ott/core';

/** Codecs the WHIP ingest accepts: what ffmpeg's RTP depacketizers read and matroska carries with `-c copy`. */
export type WhipCodecName = 'h264' | 'vp8' | 'opus';

/** The codec a publisher will send on one media section (the first payload type left in the answer). */
export interface WhipTrackCodec {
  readonly kind: 'video' | 'audio';
  readonly codec: WhipCodecName;
  readonly payloadType: number;
  readonly clockRate: number;
  readonly channels?: number;
  /** The offer's `a=fmtp` parameters for that payload type, if any. */
  readonly fmtp?: string;
}

/** The offer restricted to accepted codecs, and the codec of each media kind. */
export interface SelectedOffer {
  readonly sdp: string;
  readonly video?: WhipTrackCodec;
  readonly audio?: WhipTrackCodec;
}

interface PayloadInfo {
  readonly name: string;
  readonly clockRate: number;
  readonly channels?: number;
  fmtp?: string;
}

const ACCEPTED = 'video H.264 (packetization-mode=1, Constrained Baseline profile-level-id 42e0xx/42001f) or VP8; audio Opus';

/**
 * Restricts each media section of a WHIP offer (RFC 9725 §4.2) to the first codec, in the offerer's order, that this
 * ingest can remux without transcoding, so the answer lists exactly that one and the publisher sends it. werift matches codecs by MIME type only, so without this an answer could accept H.264
 * `packetization-mode=0` or High profile (B-frames: RTP carries no DTS, which a `-c copy` remux needs).
 *
 * Keeps at most one active audio and one active video section; other sections (e.g. `application`) pass unchanged.
 *
 * @throws {OttError} `INGEST_PROTOCOL` when the offer has no media section, more than one per kind, or a section
 * without any accepted codec.
 */
export function selectOfferCodecs(sdp: string): SelectedOffer {
  if (!sdp.startsWith('v=0')) throw badOffer('the body is not an SDP offer (it must start with "v=0")');
  const lines = sdp.split(/\r?\n/);
  const out: string[] = [];
  const found: { video?: WhipTrackCodec; audio?: WhipTrackCodec } = {};
  let index = 0;
  while (index < lines.length && !lines[index]!.startsWith('m=')) out.push(lines[index++]!);
  while (index < lines.length) {
    const start = index++;
    while (index < lines.length && !lines[index]!.startsWith('m=')) index += 1;
    const section = lines.slice(start, index);
    const kept = filterSection(section);
    if (kept.codec) {
      if (found[kept.codec.kind]) throw badOffer(`it has more than one active ${kept.codec.kind} section; WHIP ingest takes one audio and one video track`);
      found[kept.codec.kind] = kept.codec;
    }
    out.push(...kept.lines);
  }
  if (!found.video && !found.audio) throw badOffer('it has no active audio or video section');
  return { sdp: out.join('\r\n'), ...found };
}

function filterSection(section: readonly string[]): { lines: string[]; codec?: WhipTrackCodec } {
  const mLine = /^m=(\S+) (\d+) (\S+)((?: \S+)*)$/.exec(section[0]!.trim());
  const kind = mLine?.[1];
  if (!mLine || (kind !== 'video' && kind !== 'audio') || mLine[2] === '0') return { lines: [...section] };
  const formats = mLine[4]!.trim().split(/\s+/).map(Number);
  const payloads = new Map<number, PayloadInfo>();
  for (const line of section) {
    const rtpmap = /^a=rtpmap:(\d+) ([^/\s]+)\/(\d+)(?:\/(\d+))?/.exec(line);
    if (rtpmap) payloads.set(Number(rtpmap[1]), { name: rtpmap[2]!.toLowerCase(), clockRate: Number(rtpmap[3]), ...(rtpmap[4] ? { channels: Number(rtpmap[4]) } : {}) });
  }
  for (const line of section) {
    const fmtp = /^a=fmtp:(\d+) (.*)$/.exec(line.trim());
    const info = fmtp ? payloads.get(Number(fmtp[1])) : undefined;
    if (info) info.fmtp = fmtp![2];
  }
  const accepted = formats.filter((pt) => acceptedCodec(kind, payloads.get(pt)) !== undefined);
  const first = accepted[0];
  if (first === undefined) {
    const offered = formats.map((pt) => payloads.get(pt)?.name ?? String(pt)).join(', ');
    throw badOffer(`its ${kind} section offers ${offered || 'no codec'}; accepted: ${ACCEPTED}`);
  }
  // Exactly one format stays: the answerer (werift) orders formats by its own preference (H.264 before VP8), and
  // the publisher sends the answer's first (RFC 3264 §6.1), so with two left a default Chromium offer (VP8 first)
  // was answered "H.264, VP8" and sent H.264 to a remuxer set up for VP8.
  const keep = new Set([first]);
  const lines = [`m=${kind} ${mLine[2]} ${mLine[3]} ${first}`];
  for (const line of section.slice(1)) {
    const perPayload = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)[ \t]/.exec(line);
    if (perPayload && !keep.has(Number(perPayload[1]))) continue;
    lines.push(line);
  }
  const info = payloads.get(first)!;
  const codec: WhipTrackCodec = {
    kind,
    codec: acceptedCodec(kind, info)!,
    payloadType: first,
    clockRate: info.clockRate,
    ...(info.channels !== undefined ? { channels: info.channels } : {}),
    ...(info.fmtp !== undefined ? { fmtp: info.fmtp } : {}),
  };
  return { lines, codec };
}

function acceptedCodec(kind: 'video' | 'audio', info: PayloadInfo | undefined): WhipCodecName | undefined {
  if (!info) return undefined;
  if (kind === 'audio') return info.name === 'opus' && info.clockRate === 48000 ? 'opus' : undefined;
  if (info.name === 'vp8' && info.clockRate === 90000) return 'vp8';
  if (info.name !== 'h264' || info.clockRate !== 90000) return undefined;
  const params = new Map((info.fmtp ?? '').split(';').map((p) => p.trim().split('=') as [string, string?]).map(([k, v]) => [k.toLowerCase(), v ?? '']));
  // RFC 6184 §8.1: packetization-mode absent means 0 (single NAL unit only); we depacketize FU-A/STAP-A (mode 1).
  if (params.get('packetization-mode') !== '1') return undefined;
  // profile_idc 0x42 = Baseline; Constrained Baseline (42e0xx) or the 42001f Chromium also lists: no B-frames.
  const profile = (params.get('profile-level-id') ?? '42001f').toLowerCase();
  return profile.startsWith('42') ? 'h264' : undefined;
}

function badOffer(why: string): OttError {
  return new OttError('INGEST_PROTOCOL', `The WHIP offer cannot be used: ${why}.`, { stage: 'ingest', fatal: false });
}
