import type { LiveProtocol, StreamHealthEvent } from '@ott/core';

/**
 * Measures a live input's health from what the ingest sees: bytes received, video frames and keyframes. `sample()`
 * returns the rates since the previous sample (call it about once a second).
 */
export class HealthMeter {
  private bytes = 0;
  private frames = 0;
  private lastSampleAt: number;
  private lastKeyframeAt: number | undefined;
  private keyframeInterval: number | undefined;
  private sawFrames = false;

  constructor(
    private readonly streamKey: string,
    private readonly protocol: LiveProtocol,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSampleAt = now();
  }

  /** Counts received bytes. */
  addBytes(count: number): void {
    this.bytes += count;
  }

  /**
   * Counts one video frame. `timeSeconds` is the frame's media timestamp (preferred) or omitted to use arrival time
   * for the keyframe interval.
   */
  addFrame(keyframe: boolean, timeSeconds?: number): void {
    this.frames += 1;
    this.sawFrames = true;
    if (!keyframe) return;
    const at = timeSeconds ?? this.now() / 1000;
    if (this.lastKeyframeAt !== undefined && at > this.lastKeyframeAt) this.keyframeInterval = at - this.lastKeyframeAt;
    this.lastKeyframeAt = at;
  }

  /** Counts frames the ingest learns of in bulk (e.g. from ffmpeg's `-progress` frame counter). */
  addFrames(count: number): void {
    if (count <= 0) return;
    this.frames += count;
    this.sawFrames = true;
  }

  /** Rates since the last call. */
  sample(): StreamHealthEvent {
    const now = this.now();
    const seconds = Math.max(0.001, (now - this.lastSampleAt) / 1000);
    const event: StreamHealthEvent = {
      type: 'stream-health',
      streamKey: this.streamKey,
      protocol: this.protocol,
      bitrate: Math.round((this.bytes * 8) / seconds),
      ...(this.sawFrames ? { fps: Math.round((this.frames / seconds) * 100) / 100 } : {}),
      ...(this.keyframeInterval !== undefined ? { keyframeInterval: Math.round(this.keyframeInterval * 1000) / 1000 } : {}),
    };
    this.bytes = 0;
    this.frames = 0;
    this.lastSampleAt = now;
    return event;
  }
}
