/**
 * Sets the start position before any media is appended. Before metadata this is the element's "default playback
 * start position" (HTML §4.8.11.6); it is set again at `loadedmetadata` in case the browser dropped it (a live
 * MediaSource without a seekable range yet).
 */
export function seekToStart(video: HTMLVideoElement, position: number, cancelled: () => boolean): void {
  if (position <= 0) return;
  video.currentTime = position;
  video.addEventListener('loadedmetadata', () => {
    if (!cancelled() && video.currentTime < position - 0.5) video.currentTime = position;
  }, { once: true });
}
