import { fromFile } from '@ott/ingest';
import { parseLadderSpec, transcodeLadder } from '@ott/transcode';
import { segmentCmaf, toFolder, writeManifests } from '@ott/packager';

fromFile('input.mp4')
  .pipe(transcodeLadder(parseLadderSpec('720p@2800k,360p,audio@128k')), segmentCmaf(), writeManifests(), toFolder('out/vod'))
  .subscribe({ complete: () => console.log('done: out/vod/master.m3u8') });
