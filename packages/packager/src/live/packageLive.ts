import { Observable } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { PipelineItem } from '@ott/core';
import { LivePresentation } from './LivePresentation.js';
import { resolveLiveOptions } from './PackageLiveOptions.js';
import type { PackageLiveOptions } from './PackageLiveOptions.js';

/**
 * The live packager: turns the `live-session`, `cmaf-init` and `cmaf-fragment` items of a live transcoder into the
 * files of a live HLS + DASH presentation, for `toFolder(dir, { live: true })`:
 *
 * - `<id>/init.mp4` (and `init-<n>.mp4` when a later session's decoder set-up differs);
 * - with `ll` (default), parts `<id>/seg-00001.p0.m4s` of at most `partTarget` seconds, each one `moof` + `mdat`,
 *   and every segment `<id>/seg-00001.m4s` as the byte-exact concatenation of its parts; without, segments only;
 * - `<id>/playlist.m3u8` (LL-HLS, RFC 8216bis) rewritten after each part (or segment), `master.m3u8` once every
 *   rendition has a segment, and a dynamic `manifest.mpd` (LL-DASH) rewritten as segments complete;
 * - `remove-file` items for parts that are no longer listed (unless `keepParts`) and, with `deleteOutOfWindow`, for
 *   segments that left the window.
 *
 * Files always come before the manifests that list them. Publisher session 2 and later start with a discontinuity
 * (`EXT-X-DISCONTINUITY`, a new `EXT-X-PROGRAM-DATE-TIME`; a new DASH Period only when the init changed or the wall
 * clock ran ahead of the media). When the input completes, the last segment is flushed and the manifests become VOD
 * (`EXT-X-ENDLIST`, a static MPD) listing every segment still stored: the folder then plays from start to end.
 * Every other item passes through.
 *
 * @example
 * ```ts
 * declare const live: LiveStream, ladder: Ladder, dir: string;
 * live.items.pipe(transcodeLive(ladder), packageLive({ segmentDuration: 2, partTarget: 0.5 }), toFolder(dir, { live: true }))
 * ```
 */
export function packageLive(options: PackageLiveOptions = {}): OperatorFunction<PipelineItem, PipelineItem> {
  const resolved = resolveLiveOptions(options);
  return (source) =>
    new Observable<PipelineItem>((subscriber) => {
      const presentation = new LivePresentation(resolved);
      const emit = (items: readonly PipelineItem[]): void => {
        for (const item of items) subscriber.next(item);
      };
      return source.subscribe({
        next(item) {
          try {
            if (item.type === 'live-session') {
              emit(presentation.onSession(item));
              subscriber.next(item);
            } else if (item.type === 'live-session-end') {
              emit(presentation.onSessionEnd());
              subscriber.next(item);
            } else if (item.type === 'cmaf-init') emit(presentation.onInit(item));
            else if (item.type === 'cmaf-fragment') emit(presentation.onFragment(item));
            else subscriber.next(item);
          } catch (error) {
            subscriber.error(error);
          }
        },
        error(error: unknown) {
          subscriber.error(error);
        },
        complete() {
          try {
            emit(presentation.onComplete());
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriber.complete();
        },
      });
    });
}
