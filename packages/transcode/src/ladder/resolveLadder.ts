import { OttError, languageTag } from '@ott/core';
import type { CaptionChannel, Ladder, SourceInfo, VideoRendition } from '@ott/core';
import type { ResolvedLadder, ResolvedVideoRendition } from './ResolvedLadder.js';
import { fitAudio } from './fitAudio.js';
import { validateLadder } from './validateLadder.js';

/**
 * Fits a ladder to a source: drops rungs taller than the source (never upscales; when every rung is taller, keeps
 * the smallest one at the source height with its bitrate scaled down), derives widths from the source display aspect
 * ratio with even dimensions (`width = round(height × dar / 2) × 2`), drops audio renditions when the source has no
 * audio and video rungs when it has no video, makes one audio rendition per rung and source audio stream when the
 * source has several (see `fitAudio`), and fills defaults (h264, maxBitrate 1.5 × bitrate, channels at most 2, 48 kHz). Throws `INVALID_LADDER` for a malformed ladder or when nothing is left to encode.
 *
 * Heights are heights: a portrait 1080×1920 source keeps its 1080p rung as 608×1080.
 *
 * @example
 * ```ts
 * const resolved = resolveLadder(defaultLadder, await probe('in.mp4')); // 720p source → 720p, 480p, 360p + audio
 * ```
 */
export function resolveLadder(ladder: Ladder, source: SourceInfo): ResolvedLadder {
  validateLadder(ladder);
  const video = source.video ? fitVideo(ladder.video, source) : [];
  const audio = fitAudio(ladder.audio, source);
  if (video.length === 0 && audio.length === 0) {
    const has = [source.video ? 'video' : undefined, source.audio ? 'audio' : undefined].filter(Boolean).join(' and ') || 'no streams';
    throw new OttError(
      'INVALID_LADDER',
      `Nothing to encode: the ladder has ${ladder.video.length} video and ${ladder.audio.length} audio renditions, but the source has ${has}. ` +
        `Add ${source.video ? 'video rungs' : 'an audio rendition'} to the ladder.`,
      { stage: 'transcode', details: { url: source.url } },
    );
  }
  return { video, audio };
}

function fitVideo(rungs: readonly VideoRendition[], source: SourceInfo): ResolvedVideoRendition[] {
  const stream = source.video;
  if (!stream || rungs.length === 0) return [];
  const sourceHeight = stream.height;
  let kept = rungs.filter((r) => r.height <= sourceHeight);
  if (kept.length === 0) {
    const smallest = rungs.reduce((a, b) => (b.height < a.height ? b : a));
    kept = [shrinkTo(smallest, Math.max(2, Math.floor(sourceHeight / 2) * 2))];
  }
  const dar = stream.displayAspectRatio > 0 ? stream.displayAspectRatio : stream.height > 0 ? stream.width / stream.height : 16 / 9;
  const frameRate = stream.frameRate > 0 ? stream.frameRate : 30;
  return kept.map((r) => {
    const codec = r.codec ?? 'h264';
    const captions = captionsOf(source, codec);
    return {
      ...r,
      width: r.width ?? Math.max(2, Math.round((r.height * dar) / 2) * 2),
      codec,
      maxBitrate: r.maxBitrate ?? Math.round(r.bitrate * 1.5),
      frameRate,
      ...(captions !== undefined ? { closedCaptions: captions } : {}),
    };
  });
}

/**
 * The caption channels a rung keeps: H.264 rungs carry the source's CEA-608 cc_data through (libx264's `a53cc`, on by
 * default); other codecs drop it. Signalled as CC1, in the language of the source's default audio (captions are
 * usually in the programme's language). Unknown (`undefined`) when the source was not probed for captions.
 */
function captionsOf(source: SourceInfo, codec: string): readonly CaptionChannel[] | 'none' | undefined {
  const found = source.video?.closedCaptions;
  if (found === undefined) return undefined;
  if (!found || codec !== 'h264') return 'none';
  const language = languageTag(source.audio?.language);
  return [{ channel: 'CC1', ...(language !== undefined ? { language } : {}) }];
}

/** The smallest rung moved down to a source smaller than every rung; bits scale with height^1.5 like the defaults. */
function shrinkTo(rung: VideoRendition, height: number): VideoRendition {
  const scale = Math.pow(height / rung.height, 1.5);
  const { width: _width, ...rest } = rung;
  return {
    ...rest,
    id: rung.id.replace(/\d+p/, `${height}p`),
    height,
    bitrate: Math.max(1000, Math.round(rung.bitrate * scale)),
    ...(rung.maxBitrate !== undefined ? { maxBitrate: Math.max(1000, Math.round(rung.maxBitrate * scale)) } : {}),
  };
}
