/** One subtitle cue, in seconds of media time. */
export interface TextCue {
  readonly start: number;
  readonly end: number;
  /** Cue text (WebVTT cue text: `<i>`, `<b>`, voice spans allowed). */
  readonly text: string;
  /** WebVTT cue settings (`line:0 align:start`), as written. */
  readonly settings?: string;
}

/** What a subtitle rendition is, as the manifests signal it. */
export interface TextTrackInfo {
  readonly language?: string;
  /** Name shown in players' menus (HLS `NAME`, DASH `Label`). */
  readonly name?: string;
  /** Forced subtitles (only foreign-language dialogue): HLS `FORCED=YES`, DASH `Role` `forced-subtitle`. */
  readonly forced?: boolean;
  /** Shown without a viewer's choice (HLS `DEFAULT=YES`). */
  readonly default?: boolean;
}

/**
 * A file of a subtitle rendition: a WebVTT segment on the media's segment grid (`segment`, listed by the HLS media
 * playlist) or the whole track in one WebVTT file (`whole`, what DASH players load as a sidecar).
 */
export interface TextFile {
  readonly type: 'text-file';
  readonly renditionId: string;
  readonly role: 'segment' | 'whole';
  /** Segment number (from 1; 0 for the whole file). */
  readonly number: number;
  readonly path: string;
  readonly data: string;
  /** Start and duration in seconds of media time (the whole presentation for `whole`). */
  readonly start: number;
  readonly duration: number;
  readonly track: TextTrackInfo;
}
