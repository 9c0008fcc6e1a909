import type { PlayerSession } from './PlayerSession.js';

/**
 * Drops what the `kind` SourceBuffer holds ahead of the playhead and restarts its loop there, so a change (a pinned
 * level, another audio language) shows within a segment instead of after the whole forward buffer. Video keeps the
 * segment on screen; audio keeps one second, time enough to fetch the new rendition's segment.
 */
export function flushAhead(session: PlayerSession, video: HTMLVideoElement, kind: 'video' | 'audio'): void {
  const loop = session.loops.find((l) => l.kind === kind);
  if (!loop) return;
  const t = video.currentTime;
  const current = loop.appended.find(([s, e]) => t >= s && t < e);
  const from = current ? current[1] : t + 1;
  const ranges = loop.queue.ranges();
  const end = ranges[ranges.length - 1]?.[1] ?? 0;
  if (end > from) void loop.queue.remove(from, end).catch(() => undefined);
  for (let i = loop.appended.length - 1; i >= 0; i--) if ((loop.appended[i]?.[0] ?? 0) >= from - 0.01) loop.appended.splice(i, 1);
  loop.reset(from);
  session.wake();
}
