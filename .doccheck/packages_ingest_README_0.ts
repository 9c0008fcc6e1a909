import { probe } from '@ott/ingest';

const info = await probe('input.mp4');
console.log(info.durationSeconds, info.video?.codec, info.audio?.codec);
