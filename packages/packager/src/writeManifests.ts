import { Observable } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import { initPath, OttError } from '@ott/core';
import type { Manifest, PipelineItem, ProtectionInfo, TextFile, TrackInfo, WarningEvent } from '@ott/core';
import { writeMpd } from './dash/writeMpd.js';
import { writeMasterPlaylist } from './hls/writeMasterPlaylist.js';
import { writeMediaPlaylist } from './hls/writeMediaPlaylist.js';
import type { RenditionRecord, SegmentRecord } from './manifest/RenditionRecord.js';
import { collectText, subtitleMediaTags, writeTextPlaylist } from './text/textManifests.js';
import type { TextRendition } from './text/textManifests.js';

/** Options of {@link writeManifests}. */
export interface WriteManifestsOptions {
  /** Manifest formats to write (default both). */
  readonly formats?: readonly ('hls' | 'dash')[];
  /** HLS multivariant playlist path (default `master.m3u8`). */
  readonly masterName?: string;
  /** DASH MPD path (default `manifest.mpd`). */
  readonly mpdName?: string;
  /** File name of each rendition's HLS media playlist, stored in the rendition's folder (default `playlist.m3u8`). */
  readonly mediaPlaylistName?: string;
}

interface Draft {
  readonly renditionId: string;
  track: TrackInfo;
  initPath: string;
  readonly segments: SegmentRecord[];
  protection?: ProtectionInfo;
}

/**
 * Writes the manifests of a VOD presentation. Init and media segments pass through unchanged; their metadata (never
 * their bytes) is recorded, and when the input completes the manifests are emitted: every HLS media playlist
 * (`<renditionId>/playlist.m3u8`), the HLS multivariant playlist, then the DASH MPD. Because they come after the last
 * segment, a sink that writes in order publishes manifests only when everything they list is stored.
 *
 * @example
 * ```ts
 * declare const transcoded$: Observable<PipelineItem>; // e.g. fromFile(…).pipe(transcodeLadder(…))
 * transcoded$.pipe(segmentCmaf(), writeManifests({ formats: ['hls'] }), toFolder('out'))
 * ```
 */
export function writeManifests(options: WriteManifestsOptions = {}): OperatorFunction<PipelineItem, PipelineItem> {
  const formats = new Set(options.formats ?? ['hls', 'dash']);
  const masterName = options.masterName ?? 'master.m3u8';
  const mpdName = options.mpdName ?? 'manifest.mpd';
  const mediaPlaylistName = options.mediaPlaylistName ?? 'playlist.m3u8';
  return (source) =>
    new Observable<PipelineItem>((subscriber) => {
      const drafts = new Map<string, Draft>();
      const textFiles: TextFile[] = [];
      const draftOf = (renditionId: string, track: TrackInfo): Draft => {
        let draft = drafts.get(renditionId);
        if (draft === undefined) {
          draft = { renditionId, track, initPath: initPath(renditionId), segments: [] };
          drafts.set(renditionId, draft);
        }
        return draft;
      };
      return source.subscribe({
        next(item) {
          record(item, draftOf);
          if (item.type === 'text-file') textFiles.push(item);
          subscriber.next(item);
        },
        error(error: unknown) {
          subscriber.error(error);
        },
        complete() {
          const renditions = completeRenditions(drafts, formats, (event) => subscriber.next(event));
          if (renditions instanceof OttError) return subscriber.error(renditions);
          try {
            for (const manifest of manifestsOf(renditions, collectText(textFiles), formats, { masterName, mpdName, mediaPlaylistName })) {
              subscriber.next(manifest);
            }
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriber.complete();
        },
      });
    });
}

/** Records what the manifests need of an init or media segment in its rendition's draft. */
function record(item: PipelineItem, draftOf: (renditionId: string, track: TrackInfo) => Draft): void {
  if (item.type === 'init-segment') {
    const draft = draftOf(item.renditionId, item.track);
    draft.track = item.track;
    draft.initPath = item.path;
    if (item.protection !== undefined) draft.protection = item.protection;
  } else if (item.type === 'media-segment') {
    const draft = draftOf(item.renditionId, item.track);
    // The segmenter fills in what the init could not know (the frame rate of fragmented MP4).
    if (draft.track.frameRate === undefined && item.track.frameRate !== undefined) draft.track = item.track;
    draft.segments.push({
      number: item.number,
      path: item.path,
      startTime: item.startTime,
      presentationTime: item.presentationTime,
      duration: item.duration,
      byteLength: item.byteLength,
      startsWithKeyframe: item.startsWithKeyframe,
      ...(item.protection === undefined ? {} : { protection: item.protection }),
    });
  }
}

/**
 * The renditions to list once the input is complete: those with segments (a warning for each without), or an error
 * when none has any. Warns when AES-128 HLS encryption leaves the MPD out.
 */
function completeRenditions(drafts: ReadonlyMap<string, Draft>, formats: ReadonlySet<string>, warn: (warning: WarningEvent) => void): RenditionRecord[] | OttError {
  const renditions: RenditionRecord[] = [];
  for (const draft of drafts.values()) {
    if (draft.segments.length > 0) renditions.push(draft);
    else warn({ type: 'warning', stage: 'packager', code: 'PACKAGE_EMPTY_RENDITION', message: `Rendition "${draft.renditionId}" has no segments; it is left out of the manifests.` });
  }
  if (renditions.length === 0) {
    return new OttError(
      'PACKAGE_INVALID_INPUT',
      'writeManifests received no media segments, so there is nothing to list. Put segmentCmaf() before it and check that the transcoder produced output.',
      { stage: 'packager' },
    );
  }
  if (formats.has('dash') && renditions.some((r) => r.protection?.scheme === 'aes-128')) {
    warn({
      type: 'warning',
      stage: 'packager',
      code: 'PACKAGE_DASH_UNSUPPORTED_PROTECTION',
      message: 'HLS AES-128 whole-segment encryption cannot be signalled in DASH; the MPD is left out. Use cenc or cbcs for DASH.',
    });
  }
  return renditions;
}

function manifestsOf(
  renditions: readonly RenditionRecord[],
  text: readonly TextRendition[],
  formats: ReadonlySet<string>,
  names: { masterName: string; mpdName: string; mediaPlaylistName: string },
): Manifest[] {
  const manifests: Manifest[] = [];
  if (formats.has('hls')) {
    const entries = renditions.map((rendition) => ({
      rendition,
      playlistPath: `${rendition.renditionId}/${names.mediaPlaylistName}`,
    }));
    for (const { rendition, playlistPath } of entries) {
      manifests.push({
        type: 'manifest-file',
        format: 'hls',
        role: 'media',
        path: playlistPath,
        data: writeMediaPlaylist(rendition, { playlistPath }),
      });
    }
    const subtitles = text.map((rendition) => ({ rendition, playlistPath: `${rendition.renditionId}/${names.mediaPlaylistName}` }));
    for (const { rendition, playlistPath } of subtitles) {
      manifests.push({ type: 'manifest-file', format: 'hls', role: 'media', path: playlistPath, data: writeTextPlaylist(rendition, playlistPath) });
    }
    manifests.push({
      type: 'manifest-file',
      format: 'hls',
      role: 'master',
      path: names.masterName,
      data: writeMasterPlaylist(entries, { masterPath: names.masterName, subtitleTags: subtitleMediaTags(subtitles, names.masterName) }),
    });
  }
  if (formats.has('dash') && !renditions.some((r) => r.protection?.scheme === 'aes-128')) {
    manifests.push({
      type: 'manifest-file',
      format: 'dash',
      role: 'master',
      path: names.mpdName,
      data: writeMpd(renditions, { mpdPath: names.mpdName, text }),
    });
  }
  return manifests;
}
