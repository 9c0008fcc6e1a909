import { describe, expect, it } from 'vitest';
import { initPath, isSafeRelativePath, parseMediaFileName, partFileName, partPath, segmentFileName, segmentPath } from './outputLayout.js';

describe('the output layout', () => {
  it('names init, segments and parts, and reads them back', () => {
    expect(initPath('video_720p')).toBe('video_720p/init.mp4');
    expect(segmentPath('video_720p', 5)).toBe('video_720p/seg-00005.m4s');
    expect(partPath('audio_aac', 12, 3)).toBe('audio_aac/seg-00012.p3.m4s');
    expect(segmentFileName(123_456)).toBe('seg-123456.m4s');
    expect(parseMediaFileName(segmentFileName(7))).toEqual({ kind: 'segment', number: 7 });
    expect(parseMediaFileName(partFileName(7, 2))).toEqual({ kind: 'part', number: 7, index: 2 });
    for (const other of ['init.mp4', 'seg-1.m4s', 'seg-00001.mp4', 'playlist.m3u8', 'seg-00001.px.m4s']) expect(parseMediaFileName(other)).toBeUndefined();
  });

  it('refuses every path that could leave the root', () => {
    for (const bad of ['', '/etc/passwd', '../x', 'a/../../x', 'a//b', './a', 'a/.', 'C:/x', 'c:x', 'a\\b', 'a\0b']) expect(isSafeRelativePath(bad), bad).toBe(false);
    for (const good of ['master.m3u8', 'video_720p/seg-00001.m4s', 'a/b/c.mp4', '..a/b', 'a..b']) expect(isSafeRelativePath(good), good).toBe(true);
  });
});
