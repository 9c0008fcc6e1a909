import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from './parseRequestTarget.js';

const status = (target: string): number => {
  const parsed = parseRequestTarget(target, 2048);
  return parsed.ok ? 200 : parsed.status;
};

describe('parseRequestTarget', () => {
  it('splits a normal path into decoded segments and keeps the query', () => {
    const parsed = parseRequestTarget('/video_720p/seg%2000001.m4s?_HLS_msn=3', 2048);
    expect(parsed.ok && parsed.segments).toEqual(['video_720p', 'seg 00001.m4s']);
    expect(parsed.ok && parsed.query.get('_HLS_msn')).toBe('3');
  });

  it.each([
    '/../etc/passwd',
    '/a/../../etc/passwd',
    '/./master.m3u8',
    '/%2e%2e/etc/passwd',
    '/%2E%2E/etc/passwd',
    '/.%2e/etc/passwd',
    '/a%2f..%2f..%2fetc%2fpasswd',
    '/a%2F..%2Fetc',
    '/..%5cetc%5cpasswd',
    '/..\\etc\\passwd',
    '/a\\b',
    '/master.m3u8%00.mp4',
    '/a%0d%0aSet-Cookie:x',
    '//etc/passwd',
    '/a//b',
    '/%e0%a4%a',
    'http://example.com/master.m3u8',
    '*',
    'etc/passwd',
  ])('refuses %s with 400', (target) => {
    expect(status(target)).toBe(400);
  });

  it('hides dotfiles and the folder sink temp files (404)', () => {
    expect(status('/.env')).toBe(404);
    expect(status('/video_720p/.seg-00001.m4s.tmp-123-4')).toBe(404);
    expect(status('/.git/config')).toBe(404);
  });

  it('answers the root and folders 404 (no listing)', () => {
    expect(status('/')).toBe(404);
    expect(status('/video_720p/')).toBe(404);
  });

  it('refuses a target longer than the limit with 414', () => {
    expect(parseRequestTarget(`/${'a'.repeat(100)}`, 50)).toMatchObject({ ok: false, status: 414 });
  });

  it.each(['/%252e%252e/passwd', '/a/%252fetc', '/%25', '/a%255c..'])('refuses double encoding (an encoded %%) with 400: %s', (target) => {
    expect(parseRequestTarget(target, 2048)).toMatchObject({ ok: false, status: 400 });
  });
});
