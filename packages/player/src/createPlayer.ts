import { PlayerHandle } from './PlayerHandle.js';
import type { Player, PlayerOptions } from './types.js';

/**
 * Creates a player on a `<video>` element: HLS or DASH (detected from the manifest's content), fMP4/CMAF over MSE,
 * ABR, EME, live latency control and QoE.
 *
 * @example
 * ```ts
 * const player = createPlayer(document.querySelector('video')!, { src: 'https://cdn.example/master.m3u8' });
 * player.on('levelSwitch', ({ to, bitrate }) => console.log('now level', to, bitrate));
 * player.on('error', (e) => { if (e.fatal) console.error(e.code, e.message); });
 * ```
 */
export function createPlayer(video: HTMLVideoElement, options: PlayerOptions = {}): Player {
  const player = new PlayerHandle(video, options);
  if (options.src && options.autoLoad !== false) void player.load().catch(() => undefined);
  return player;
}
