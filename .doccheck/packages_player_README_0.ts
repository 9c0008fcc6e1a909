import { createPlayer } from '@ott/player';

const player = createPlayer(document.querySelector('video')!, { src: '/out/master.m3u8' });
player.on('manifest', ({ format, levels }) => console.log(format, levels.length, 'levels'));
player.on('error', (e) => e.fatal && console.error(e.code, e.message));
