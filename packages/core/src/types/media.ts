/** Media kinds handled by the pipeline. */
export type MediaKind = 'video' | 'audio';

/** Video codecs the ladder can produce. */
export type VideoCodecName = 'h264' | 'h265' | 'vp9' | 'av1';

/** Audio codecs the ladder can produce. */
export type AudioCodecName = 'aac' | 'opus';

/** One video rung of an ABR ladder. */
export interface VideoRendition {
  readonly kind: 'video';
  /** Folder-safe id, e.g. `video_720p`. */
  readonly id: string;
  /** Target height in pixels; the width follows the source aspect ratio (even). */
  readonly height: number;
  /** Explicit width; when omitted it is derived from the source aspect ratio. */
  readonly width?: number;
  /** Target average bitrate in bits per second. */
  readonly bitrate: number;
  /** Peak bitrate (VBV max rate) in bits per second; default 1.5 × bitrate. */
  readonly maxBitrate?: number;
  /** Codec, default `h264`. */
  readonly codec?: VideoCodecName;
}

/**
 * What an audio track is for, as the manifests signal it: `main` (the original), `alternate` (another language),
 * `dub`, `commentary`, `description` (audio description for blind and low-vision viewers: HLS
 * `CHARACTERISTICS="public.accessibility.describes-video"`, DASH `Role` `description` + `Accessibility`).
 */
export type AudioRole = 'main' | 'alternate' | 'dub' | 'commentary' | 'description';

/** One audio rendition of an ABR ladder. */
export interface AudioRendition {
  readonly kind: 'audio';
  readonly id: string;
  /** Bitrate in bits per second. */
  readonly bitrate: number;
  /** Codec, default `aac`. */
  readonly codec?: AudioCodecName;
  /** Channel count, default: the source's, at most 2. */
  readonly channels?: number;
  /** Sample rate in Hz, default 48000. */
  readonly sampleRate?: number;
  /** Language (RFC 5646, e.g. `en`, `pt-BR`); default: the source stream's. */
  readonly language?: string;
  /**
   * Which audio stream of the source (its ffprobe `index`, as in `SourceInfo.audioStreams`) this rendition encodes.
   * Default: every stream of the source when it has several (`resolveLadder` makes one rendition per stream), else the
   * first.
   */
  readonly sourceStream?: number;
  /** Name shown in players' menus (HLS `NAME`, DASH `Label`); default: the source stream's title, else the language. */
  readonly name?: string;
  /** Role (default: the source stream's disposition, else `main` for the default stream and `alternate` for others). */
  readonly role?: AudioRole;
  /** The rendition players pick without a preference (HLS `DEFAULT=YES`); default: the source's default stream. */
  readonly default?: boolean;
}

/** A rendition of either kind. */
export type Rendition = VideoRendition | AudioRendition;

/** An adaptive-bitrate ladder: the renditions one input is encoded into. */
export interface Ladder {
  readonly video: readonly VideoRendition[];
  readonly audio: readonly AudioRendition[];
}

/** A track as it is written into a CMAF init segment and announced in manifests. */
export interface TrackInfo {
  /** Track id inside its (single-track) CMAF file. */
  readonly id: number;
  readonly kind: MediaKind;
  /** RFC 6381 codec string built from the real decoder configuration, e.g. `avc1.64001f`, `mp4a.40.2`. */
  readonly codec: string;
  /** Sample entry four-character code, e.g. `avc1`, `hev1`, `hvc1`, `vp09`, `av01`, `mp4a`, `Opus`. */
  readonly sampleEntry: string;
  /** Media timescale (ticks per second). */
  readonly timescale: number;
  readonly width?: number;
  readonly height?: number;
  /** Frames per second, if known. */
  readonly frameRate?: number;
  readonly sampleRate?: number;
  readonly channels?: number;
  readonly language?: string;
  /** Nominal bitrate in bits/s, if known (manifests measure their own). */
  readonly bitrate?: number;
  /** Audio: the name players show (HLS `NAME`, DASH `Label`). */
  readonly label?: string;
  /** Audio: what the track is for (see {@link AudioRole}). */
  readonly role?: AudioRole;
  /** Audio: the track to play without a preference. */
  readonly isDefault?: boolean;
  /**
   * Video: the CEA-608 caption channels carried in the SEI of its frames (`CC1`…`CC4`), or `'none'` when the pipeline
   * knows there are none (the manifests then say so: HLS `CLOSED-CAPTIONS=NONE`). Absent: unknown.
   */
  readonly closedCaptions?: readonly CaptionChannel[] | 'none';
}

/** A CEA-608 caption channel carried in a video track. */
export interface CaptionChannel {
  /** `CC1` (field 1, channel 1) … `CC4`: the HLS `INSTREAM-ID`. */
  readonly channel: 'CC1' | 'CC2' | 'CC3' | 'CC4';
  readonly language?: string;
  /** Name players show (default: the language, else the channel). */
  readonly name?: string;
}

/** What probing an input found (ffprobe). */
export interface SourceInfo {
  readonly type: 'source';
  /** Path or URL as given. */
  readonly url: string;
  /** Container format name(s) as ffprobe reports them. */
  readonly formatName: string;
  readonly durationSeconds: number;
  readonly sizeBytes?: number;
  readonly bitrate?: number;
  readonly video?: SourceVideoStream;
  /** The first audio stream (the default one when the source marks one). */
  readonly audio?: SourceAudioStream;
  /** Every audio stream, in the source's order (absent or one entry for most files). */
  readonly audioStreams?: readonly SourceAudioStream[];
  /** Text subtitle streams (SubRip, mov_text, WebVTT, ASS), in the source's order; bitmap subtitles are not listed. */
  readonly textStreams?: readonly SourceTextStream[];
}

/** A text subtitle stream of an input. */
export interface SourceTextStream {
  readonly index: number;
  /** ffprobe codec name: `subrip`, `mov_text`, `webvtt`, `ass`. */
  readonly codec: string;
  readonly language?: string;
  readonly title?: string;
  readonly default?: boolean;
  /** Disposition `forced`: subtitles for foreign-language dialogue only. */
  readonly forced?: boolean;
}

/** The first video stream of an input. */
export interface SourceVideoStream {
  /** Stream index for ffmpeg `-map 0:<index>`. */
  readonly index: number;
  /** ffprobe codec name, e.g. `h264`. */
  readonly codec: string;
  readonly width: number;
  readonly height: number;
  readonly frameRate: number;
  /** Display aspect ratio width/height (accounts for sample aspect ratio). */
  readonly displayAspectRatio: number;
  readonly bitrate?: number;
  readonly pixelFormat?: string;
  /** CEA-608/708 closed captions in the video's SEI (ATSC A/53 cc_data), found in its first frames. */
  readonly closedCaptions?: boolean;
}

/** An audio stream of an input. */
export interface SourceAudioStream {
  readonly index: number;
  readonly codec: string;
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitrate?: number;
  readonly language?: string;
  /** The stream's `title` tag (e.g. `English (Director's commentary)`). */
  readonly title?: string;
  /** Marked as the default stream (disposition `default`). */
  readonly default?: boolean;
  /** Marked as audio description (`visual_impaired`), commentary (`comment`) or a dub (`dub`). */
  readonly role?: AudioRole;
}
