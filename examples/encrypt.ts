// Package an encoded MP4 without re-encoding, encrypted with cbcs (FairPlay/Widevine/ClearKey signalling), into HLS +
// DASH. Run: npx tsx examples/encrypt.ts <input.mp4> [out/encrypted]
import { contentKeyFromHex, encryptCmaf } from '@ott/drm';
import { readMp4File, segmentCmaf, toFolder, writeManifests } from '@ott/packager';

const [input = 'out/demo-source.mp4', output = 'out/encrypted'] = process.argv.slice(2);
// A development key pair: in production keys come from a key server (`keys: { kind: 'cpix', url }`).
const key = contentKeyFromHex('0123456789abcdef0123456789abcdef', '00112233445566778899aabbccddeeff');

readMp4File(input)
  .pipe(
    segmentCmaf({ segmentDuration: 4 }),
    encryptCmaf({ scheme: 'cbcs', key, drmSystems: ['widevine', 'fairplay', 'clearkey'] }),
    writeManifests({ formats: ['hls', 'dash'] }),
    toFolder(output),
  )
  .subscribe({
    next: (event) => {
      if (event.type === 'manifest') console.log(`wrote ${output}/${event.path}`);
    },
    error: (error: Error) => {
      console.error(`failed: ${error.message}`);
      process.exitCode = 1;
    },
  });
