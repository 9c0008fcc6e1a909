import { fromFile } from '@ott/ingest';
import { defaultLadder, transcodeLadder } from '@ott/transcode';
import { segmentCmaf, toFolder, writeManifests } from '@ott/packager';

fromFile('input.mp4')
  .pipe(
    transcodeLadder(defaultLadder),          // one ffmpeg process: decode once, split, scale, encode every rung
    segmentCmaf({ segmentDuration: 4 }),     // CMAF init.mp4 + .m4s per rendition, cut on aligned keyframes
    writeManifests({ formats: ['hls', 'dash'] }), // master.m3u8 + media playlists, manifest.mpd
    toFolder('out/vod'),                     // temp file + rename; segments before the manifests that list them
  )
  .subscribe((event) => console.log(event.type, event));
