const player = createPlayer(video, {
  src: 'https://cdn.example/show/master.m3u8',
  cmcd: { mode: 'query', contentId: 'show-42' },          // or { mode: 'headers' }; true = query, random sid
  beaconUrl: 'https://qoe.example/beacon', beaconIntervalMs: 10_000,
});
player.setTextTrack(0);                                    // may be called before the manifest is in
player.on('manifest', ({ audioTracks }) => {
  const french = audioTracks.findIndex((t) => t.language === 'fr');
  if (french >= 0) player.setAudioTrack(french);
});

export {};
