import { describe, expect, it } from 'vitest';
import { contentKeyFromHex } from '../keys/ContentKey.js';
import { locateShakaPackager, shakaArguments } from './encryptWithShakaPackager.js';

const key = contentKeyFromHex('0123456789abcdef0123456789abcdef', '00112233445566778899aabbccddeeff');
const streams = [
  { input: 'in.mp4', index: 0, kind: 'video', renditionId: 'video_180p', durationSeconds: 6 },
  { input: 'in.mp4', index: 1, kind: 'audio', renditionId: 'audio_aac', durationSeconds: 6 },
] as const;

describe('shakaArguments', () => {
  it("maps the encryptCmaf options onto Shaka Packager's raw-key flags and the ott layout", () => {
    const args = shakaArguments({ inputs: ['in.mp4'], output: 'out', scheme: 'cbcs', key, drmSystems: ['widevine', 'clearkey', 'fairplay'], segmentDuration: 2, clearLeadSeconds: 4 }, streams);
    expect(args[0]).toBe('in=in.mp4,stream=0,init_segment=out/video_180p/init.mp4,segment_template=out/video_180p/seg-$Number%05d$.m4s,playlist_name=video_180p/playlist.m3u8');
    expect(args[1]).toContain('stream=1,');
    expect(args[1]).toContain('hls_group_id=audio');
    const flag = (name: string): string | undefined => args[args.indexOf(name) + 1];
    expect(flag('--keys')).toBe('label=:key_id=0123456789abcdef0123456789abcdef:key=00112233445566778899aabbccddeeff');
    expect(flag('--protection_scheme')).toBe('cbcs');
    expect(flag('--protection_systems')).toBe('Widevine,CommonSystem,FairPlay');
    expect(flag('--segment_duration')).toBe('2');
    expect(flag('--clear_lead')).toBe('4');
    expect(args).toContain('--generate_static_live_mpd');
    expect(args).toContain('--enable_raw_key_encryption');
  });

  it('writes only the manifests asked for', () => {
    const args = shakaArguments({ inputs: ['in.mp4'], output: 'out', scheme: 'cenc', key, formats: ['hls'] }, streams);
    expect(args).not.toContain('--mpd_output');
    expect(args).toContain('--hls_master_playlist_output');
  });

  it('finds the binary from SHAKA_PACKAGER_PATH or the npm package, else fails with DRM_BACKEND_NOT_FOUND', () => {
    expect(locateShakaPackager(undefined, { SHAKA_PACKAGER_PATH: '/opt/packager' })).toBe('/opt/packager');
    expect(locateShakaPackager(undefined, {})).toMatch(/shaka-packager\/bin\/packager-/);
  });
});
