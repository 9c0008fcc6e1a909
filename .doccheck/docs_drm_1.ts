import { KeyRing, decryptMp4File } from '@ott/drm';

const counts = await decryptMp4File(['init.mp4', 'seg-1.m4s', 'seg-2.m4s'], 'clear.mp4', KeyRing.fromArgs(['63cb5f7184dd4b689a5c5ff11ee6a328']));
console.log(`${counts.decryptedSamples} samples in ${counts.fragments} fragments`);
