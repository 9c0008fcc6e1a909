/** Attaches a new MediaSource to `video` and resolves once it is open (`sourceopen`). */
export async function openMediaSource(video: HTMLVideoElement): Promise<MediaSource> {
  const mediaSource = new MediaSource();
  const opened = new Promise<void>((resolve) => mediaSource.addEventListener('sourceopen', () => resolve(), { once: true }));
  const objectUrl = URL.createObjectURL(mediaSource);
  video.src = objectUrl;
  await opened;
  URL.revokeObjectURL(objectUrl);
  return mediaSource;
}
