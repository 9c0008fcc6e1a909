/**
 * `@ott/player`: a small browser ABR player for HLS and DASH (fMP4/CMAF over MSE) with EME, live latency control
 * and QoE. The IIFE build exposes the same API as the global `OttPlayer`.
 *
 * @example
 * ```ts
 * declare const video: HTMLVideoElement;
 * import { createPlayer } from '@ott/player';
 * const player = createPlayer(video, { src: '/out/master.m3u8' });
 * ```
 */
export { createPlayer } from './createPlayer.js';
export { PlayerError } from './errors/PlayerError.js';
export type { PlayerErrorCode, PlayerErrorStage } from './errors/PlayerError.js';
export type { EventStream, Subscription } from './events/Emitter.js';
export type { DrmConfig, KeySystemConfig } from './eme/DrmConfig.js';
export type { Qoe } from './qoe/QoeTracker.js';
export type { CmcdConfig } from './qoe/cmcd.js';
export type { Level, LivePayload, MediaTrackInfo, Player, PlayerEvent, PlayerEventMap, PlayerEventName, PlayerOptions } from './types.js';
