import { contentKeyFromHex, encryptCmaf } from '@ott/drm';
import { segmentCmaf, toFolder, writeManifests } from '@ott/packager';

source$.pipe(
  segmentCmaf({ segmentDuration: 4 }),
  encryptCmaf({ scheme: 'cbcs', key: contentKeyFromHex(kidHex, keyHex), drmSystems: ['widevine', 'fairplay', 'clearkey'] }),
  writeManifests(),
  toFolder('out'),
).subscribe();
