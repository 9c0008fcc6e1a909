import { createPlayer } from '@ott/player';

const player = createPlayer(document.querySelector('video')!, { src: '/out/master.m3u8' });
player.on('manifest', ({ format, levels }) => console.log(format, levels.length, 'levels'));
player.on('levelSwitch', ({ from, to, bitrate, auto }) => console.log(from, '→', to, bitrate, auto));
player.on('error', (e) => e.fatal && console.error(e.code, e.message));
player.events$.subscribe(({ type, payload }) => console.debug(type, payload)); // Observable-like, RxJS from() works
