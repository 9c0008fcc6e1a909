import type { TrackInfo } from '@ott/core';
import { describe, expect, it } from 'vitest';
import { readCpix } from '../cpix/readCpix.js';
import { cpixVector } from '../cpix/testing/vectorKeys.js';
import { writeCpix } from '../cpix/writeCpix.js';
import { selectCpixKey } from './selectCpixKey.js';

const video = (width: number, height: number): TrackInfo => ({ id: 1, kind: 'video', codec: 'avc1.64001f', sampleEntry: 'avc1', timescale: 90000, width, height });
const audio: TrackInfo = { id: 1, kind: 'audio', codec: 'mp4a.40.2', sampleEntry: 'mp4a', timescale: 48000, channels: 2 };
const kid = (n: number): Uint8Array => new Uint8Array(16).fill(n);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('selectCpixKey', () => {
  const doc = readCpix(writeCpix({
    contentKeys: [1, 2, 3].map((n) => ({ kid: kid(n), key: new Uint8Array(16).fill(n + 10) })),
    usageRules: [
      { kid: kid(1), intendedTrackType: 'SD', videoFilter: [{ maxPixels: 442368 }] },
      { kid: kid(2), intendedTrackType: 'HD', videoFilter: [{ minPixels: 442369 }] },
      { kid: kid(3), intendedTrackType: 'AUDIO', audioFilter: [{}] },
    ],
  }));

  it('picks the key by resolution for video and by the audio filter for audio', () => {
    expect(hex(selectCpixKey(doc, video(640, 360), 'video_360p').kid)).toBe(hex(kid(1)));
    expect(hex(selectCpixKey(doc, video(1920, 1080), 'video_1080p').kid)).toBe(hex(kid(2)));
    expect(hex(selectCpixKey(doc, audio, 'audio_aac').kid)).toBe(hex(kid(3)));
  });

  it('uses the first key period of a rotation document (KeyRotationMultiKeyMulitPeriod.xml), another when asked', () => {
    const rotation = readCpix(cpixVector('KeyRotationMultiKeyMulitPeriod.xml'));
    expect(hex(selectCpixKey(rotation, video(640, 360), 'v').kid)).toBe('7ce7f10da91b41b9b3317999fd1abf4c');
    expect(hex(selectCpixKey(rotation, audio, 'a', { periodId: 'next' }).kid)).toBe('ab8395ce667a443ab9cc58ad7875b541');
  });

  it('matches label filters against the rendition id and labels (UsageRulesBasedOnLabels.xml)', () => {
    const labels = readCpix(cpixVector('UsageRulesBasedOnLabels.xml'));
    expect(hex(selectCpixKey(labels, video(1280, 720), 'HD-Video').kid)).toBe('53abdba2f21043cbbc90f18f9a890a02');
    expect(hex(selectCpixKey(labels, audio, 'audio_aac', { labels: ['Stereo'] }).kid)).toBe('ba6c62d64a494aa48869ce4d2727a2b5');
  });

  it('fails with DRM_KEY_NOT_FOUND when no rule matches or the key is still encrypted', () => {
    const labels = readCpix(cpixVector('UsageRulesBasedOnLabels.xml'));
    expect(() => selectCpixKey(labels, video(640, 360), 'video_360p')).toThrow(expect.objectContaining({ code: 'DRM_KEY_NOT_FOUND' }));
    const encrypted = readCpix(cpixVector('EncryptedContentKeys.xml'));
    expect(() => selectCpixKey(encrypted, audio, 'a')).toThrow(expect.objectContaining({ code: 'DRM_KEY_NOT_FOUND' }));
  });
});
