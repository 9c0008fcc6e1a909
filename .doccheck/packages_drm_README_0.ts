import { contentKeyFromHex, encryptCmaf } from '@ott/drm';
import { readMp4File, segmentCmaf, toFolder, writeManifests } from '@ott/packager';

// A development key: in production keys come from a key server (`keys: { kind: 'cpix', url }`).
const key = contentKeyFromHex('0123456789abcdef0123456789abcdef', '00112233445566778899aabbccddeeff');

readMp4File('input.mp4')
  .pipe(
    segmentCmaf({ segmentDuration: 4 }),
    encryptCmaf({ scheme: 'cbcs', key, drmSystems: ['widevine', 'fairplay', 'clearkey'] }),
    writeManifests({ formats: ['hls', 'dash'] }),
    toFolder('out/protected'),
  )
  .subscribe({ error: (error: Error) => console.error(error.message) });
