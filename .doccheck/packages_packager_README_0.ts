import { readMp4File, segmentCmaf, toFolder, writeManifests } from '@ott/packager';

// Already encoded (H.264/AAC MP4 with keyframes every 2 s): no re-encode, no ffmpeg.
readMp4File('input.mp4')
  .pipe(segmentCmaf({ segmentDuration: 4 }), writeManifests({ formats: ['hls', 'dash'] }), toFolder('out/packaged'))
  .subscribe({ complete: () => console.log('wrote out/packaged/master.m3u8 and manifest.mpd') });
