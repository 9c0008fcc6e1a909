/**
 * Live: makes `[start, end]` the seekable range of a MediaSource of infinite duration (MSE
 * `setLiveSeekableRange`), or clears it once the stream ended. Without it such a MediaSource is only seekable
 * inside what is buffered, so a start near the live edge, set before any media is appended, would be ignored.
 */
export function setLiveWindow(ms: MediaSource | undefined, window: { start: number; end: number } | undefined): void {
  if (!ms || ms.readyState !== 'open' || typeof ms.setLiveSeekableRange !== 'function') return;
  try {
    if (window) ms.setLiveSeekableRange(window.start, Math.max(window.start, window.end));
    else ms.clearLiveSeekableRange();
  } catch {
    // the MediaSource is closing
  }
}
