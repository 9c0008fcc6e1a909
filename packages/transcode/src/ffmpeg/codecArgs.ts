import { mp4Language } from '@ott/core';
import type { ResolvedAudioRendition, ResolvedVideoRendition } from '../ladder/ResolvedLadder.js';

/** `-movflags` of a single-track fragmented MP4 output cut at keyframes. */
export const FRAGMENTED = '+frag_keyframe+empty_moov+default_base_moof+negative_cts_offsets';
/** x264 speed presets, fastest first. */
export const SPEEDS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow', 'placebo'];

/** Encoder arguments of one video rung: rate control, fixed keyframe grid every `gop` seconds, closed GOPs. */
export function videoCodecArgs(rung: ResolvedVideoRendition, gop: number, preset: string): string[] {
  const gopFrames = Math.max(1, Math.round(gop * rung.frameRate));
  const keyframes = ['-force_key_frames', `expr:gte(t,n_forced*${gop})`, '-g', String(gopFrames), '-keyint_min', String(gopFrames)];
  const rate = ['-b:v', String(rung.bitrate), '-maxrate', String(rung.maxBitrate), '-bufsize', String(rung.bitrate * 2)];
  const closedGop = `keyint=${gopFrames}:min-keyint=${gopFrames}:scenecut=0:open-gop=0`;
  switch (rung.codec) {
    case 'h264':
      return ['-c:v', 'libx264', '-preset', preset, '-profile:v', 'high', ...rate, ...keyframes, '-sc_threshold', '0', '-x264-params', closedGop];
    case 'h265':
      return ['-c:v', 'libx265', '-preset', preset, '-tag:v', 'hvc1', ...rate, ...keyframes, '-x265-params', `${closedGop}:log-level=error`];
    case 'vp9': {
      // realtime deadline: cpu-used 5..8 trade quality for speed; row-mt uses the cores on one rung.
      const cpuUsed = Math.max(5, 8 - Math.max(0, SPEEDS.indexOf(preset) - 1));
      return ['-c:v', 'libvpx-vp9', '-row-mt', '1', '-deadline', 'realtime', '-cpu-used', String(cpuUsed), ...rate, ...keyframes];
    }
    case 'av1': {
      // SVT-AV1 presets run 0 (slowest) to 13; x264 'veryfast' ≈ 10. Fixed keyframe interval, no scene-change keys.
      const svtPreset = Math.max(4, 12 - SPEEDS.indexOf(preset));
      return ['-c:v', 'libsvtav1', '-preset', String(svtPreset), ...rate, '-g', String(gopFrames), '-svtav1-params', `keyint=${gopFrames}:scd=0`];
    }
  }
}

/** Encoder arguments of one audio rendition. */
export function audioCodecArgs(rendition: ResolvedAudioRendition): string[] {
  const common = ['-b:a', String(rendition.bitrate), '-ac', String(rendition.channels)];
  const language = rendition.language ? ['-metadata:s:a:0', `language=${mp4Language(rendition.language)}`] : [];
  switch (rendition.codec) {
    case 'aac':
      return ['-c:a', 'aac', ...common, '-ar', String(rendition.sampleRate), ...language];
    case 'opus':
      return ['-c:a', 'libopus', ...common, '-ar', '48000', ...language];
  }
}
