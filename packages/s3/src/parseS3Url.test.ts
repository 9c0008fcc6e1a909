import { describe, expect, it } from 'vitest';
import { isOttError } from '@ott/core';
import { parseS3Url } from './parseS3Url.js';

describe('parseS3Url', () => {
  it('reads the bucket and the prefix, with or without slashes', () => {
    expect(parseS3Url('s3://media/live/cam1')).toEqual({ bucket: 'media', prefix: 'live/cam1' });
    expect(parseS3Url('s3://media/live/')).toEqual({ bucket: 'media', prefix: 'live' });
    expect(parseS3Url('s3://media')).toEqual({ bucket: 'media', prefix: '' });
  });

  it('refuses other schemes, bad bucket names and prefixes that climb out', () => {
    for (const url of ['http://media/x', 's3://', 's3://Media/x', 's3://media/a/../b']) {
      let error: unknown;
      try {
        parseS3Url(url);
      } catch (e) {
        error = e;
      }
      expect(isOttError(error) && error.code, url).toBe('S3_INVALID_OPTIONS');
    }
  });
});
