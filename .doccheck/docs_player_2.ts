const player = createPlayer(video, { src: 'http://127.0.0.1:8080/cam1/master.m3u8', live: { targetLatency: 1.5 } });
player.on('live', ({ reason, latency, distance, playbackRate }) => console.log(reason, latency, distance, playbackRate));
player.on('ended', () => console.log('the live stream ended and played to its end'));
setInterval(() => console.log('latency', player.liveLatency?.toFixed(2)), 1000);

export {};
